package io.proofmesh.ingest.gateway;

import static io.proofmesh.ingest.gateway.ReplayCache.Verdict.NEW;
import static io.proofmesh.ingest.gateway.ReplayCache.Verdict.REPLAYED;
import static io.proofmesh.ingest.gateway.ReplayCache.Verdict.STALE_SEQ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {

    /** A distinct 32-byte stand-in for the SHA-256 of a body. */
    private static byte[] digest(long n) {
        return ByteBuffer.allocate(ReplayCache.DIGEST_LENGTH).putLong(24, n).array();
    }

    @Test
    void aRecordedBodyIsReplayedWhenSentAgain() {
        ReplayCache cache = new ReplayCache(100);
        assertThat(cache.check("node-1", 10, digest(1))).isEqualTo(NEW);
        cache.recordAccepted("node-1", 10, digest(1));
        assertThat(cache.check("node-1", 10, digest(1))).isEqualTo(REPLAYED);
    }

    @Test
    void checkAloneRecordsNothingSoARefusedBodyCanBeRetried() {
        ReplayCache cache = new ReplayCache(100);
        assertThat(cache.check("node-1", 10, digest(1))).isEqualTo(NEW);
        assertThat(cache.check("node-1", 10, digest(1))).isEqualTo(NEW);
        assertThat(cache.trackedNodes()).isZero();
    }

    @Test
    void theSameSeqWithAnotherBodyIsStale() {
        ReplayCache cache = new ReplayCache(100);
        cache.recordAccepted("node-1", 10, digest(1));
        assertThat(cache.check("node-1", 10, digest(2))).isEqualTo(STALE_SEQ);
    }

    @Test
    void aLowerSeqIsStaleAndAHigherSeqIsNew() {
        ReplayCache cache = new ReplayCache(100);
        cache.recordAccepted("node-1", 10, digest(1));
        assertThat(cache.check("node-1", 9, digest(9))).isEqualTo(STALE_SEQ);
        assertThat(cache.check("node-1", Long.MIN_VALUE, digest(9))).isEqualTo(STALE_SEQ);
        assertThat(cache.check("node-1", 11, digest(1))).isEqualTo(NEW); // same body, new seq
        assertThat(cache.check("node-1", 1_000_000, digest(2))).isEqualTo(NEW); // gaps are fine
    }

    @Test
    void anOlderBodyStillInTheRingIsReplayedAndOneBeyondItIsStale() {
        ReplayCache cache = new ReplayCache(100, 4);
        for (long seq = 1; seq <= 10; seq++) {
            cache.recordAccepted("node-1", seq, digest(seq));
        }
        for (long seq = 7; seq <= 10; seq++) {
            assertThat(cache.check("node-1", seq, digest(seq))).as("seq %d", seq).isEqualTo(REPLAYED);
        }
        assertThat(cache.check("node-1", 6, digest(6))).isEqualTo(STALE_SEQ);
        assertThat(cache.check("node-1", 1, digest(1))).isEqualTo(STALE_SEQ);
        assertThat(cache.check("node-1", 8, digest(7))).isEqualTo(STALE_SEQ);
    }

    @Test
    void theDefaultRingRemembers64Bodies() {
        ReplayCache cache = new ReplayCache(100);
        for (long seq = 1; seq <= 100; seq++) {
            cache.recordAccepted("node-1", seq, digest(seq));
        }
        assertThat(cache.check("node-1", 37, digest(37))).isEqualTo(REPLAYED);
        assertThat(cache.check("node-1", 36, digest(36))).isEqualTo(STALE_SEQ);
    }

    @Test
    void acceptsRecordedOutOfOrderWhenRequestsRaced() {
        ReplayCache cache = new ReplayCache(100);
        cache.recordAccepted("node-1", 6, digest(6));
        cache.recordAccepted("node-1", 5, digest(5)); // both had seen NEW; 6 was acked first
        assertThat(cache.check("node-1", 5, digest(5))).isEqualTo(REPLAYED);
        assertThat(cache.check("node-1", 6, digest(6))).isEqualTo(REPLAYED);
        assertThat(cache.check("node-1", 6, digest(5))).isEqualTo(STALE_SEQ);
        assertThat(cache.check("node-1", 7, digest(7))).isEqualTo(NEW);
    }

    @Test
    void recordingTheSameBodyTwiceTakesOneSlot() {
        ReplayCache cache = new ReplayCache(100, 2);
        cache.recordAccepted("node-1", 1, digest(1));
        cache.recordAccepted("node-1", 2, digest(2));
        cache.recordAccepted("node-1", 2, digest(2)); // two identical requests both accepted
        assertThat(cache.check("node-1", 1, digest(1))).isEqualTo(REPLAYED);
    }

    @Test
    void nodesAreIndependent() {
        ReplayCache cache = new ReplayCache(100);
        cache.recordAccepted("node-1", 10, digest(1));
        assertThat(cache.check("node-2", 10, digest(1))).isEqualTo(NEW);
        assertThat(cache.check("node-2", 1, digest(1))).isEqualTo(NEW);
        cache.recordAccepted("node-2", 3, digest(3));
        assertThat(cache.check("node-1", 5, digest(3))).isEqualTo(STALE_SEQ);
        assertThat(cache.check("node-2", 5, digest(3))).isEqualTo(NEW);
    }

    @Test
    void theDigestIsCopiedAndMustBe32Bytes() {
        ReplayCache cache = new ReplayCache(100);
        byte[] d = digest(1);
        cache.recordAccepted("node-1", 10, d);
        d[0] = 42; // the caller reuses its buffer
        assertThat(cache.check("node-1", 10, digest(1))).isEqualTo(REPLAYED);
        assertThatThrownBy(() -> cache.check("node-1", 10, new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.recordAccepted("node-1", 10, new byte[33]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayCache(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayCache(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void evictionKeepsTheNodeCountBoundedAndForgetsTheLeastRecentlyUsed() {
        ReplayCache cache = new ReplayCache(100, 4);
        cache.recordAccepted("busy", 1, digest(1));
        for (int i = 0; i < 10_000; i++) {
            cache.recordAccepted("node-" + i, 1, digest(1));
            assertThat(cache.trackedNodes()).isLessThanOrEqualTo(100);
            assertThat(cache.check("busy", 1, digest(1))).isEqualTo(REPLAYED); // keeps it recently used
        }
        assertThat(cache.check("node-9999", 1, digest(1))).isEqualTo(REPLAYED);
        // Forgotten: the best-effort check weakens to NEW; downstream dedupe still holds.
        assertThat(cache.check("node-0", 1, digest(1))).isEqualTo(NEW);
    }

    @Test
    void concurrentRecordsForOneNodeKeepTheHighestSeq() throws Exception {
        ReplayCache cache = new ReplayCache(16, 8);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        long seq = (long) i * threads + id;
                        cache.check("shared", seq, digest(seq));
                        cache.recordAccepted("shared", seq, digest(seq));
                        cache.recordAccepted("churn-" + id + "-" + (i % 50), seq, digest(seq)); // forces evictions
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long highest = 5_000L * threads - 1;
        // "shared" is touched on every iteration, so LRU never picks it while the churn evicts.
        // (Whether seq `highest` is still in the ring depends on which thread finished last: the
        // ring holds the last bodies recorded, not the highest seqs.)
        assertThat(cache.check("shared", highest, digest(0))).isEqualTo(STALE_SEQ);
        assertThat(cache.check("shared", highest + 1, digest(0))).isEqualTo(NEW);
        cache.recordAccepted("last", 1, digest(1));
        assertThat(cache.trackedNodes()).isLessThanOrEqualTo(16);
    }
}
