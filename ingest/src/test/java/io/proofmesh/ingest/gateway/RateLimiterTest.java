package io.proofmesh.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.ingest.gateway.RateLimiter.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** Fake monotonic time; starts far from zero so nothing relies on nanoTime being small. */
    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private RateLimiter limiter(double rate, int burst, int maxKeys) {
        return new RateLimiter(rate, burst, maxKeys, nanos::get);
    }

    @Test
    void allowsTheBurstThenDeniesWithTheTimeUntilTheNextToken() {
        RateLimiter limiter = limiter(2, 3, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isEqualTo(new Decision(true, Duration.ZERO));
        }
        Decision denied = limiter.tryAcquire("a");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(denied.retryAfterSeconds()).isEqualTo(1);

        advance(Duration.ofMillis(200));
        assertThat(limiter.tryAcquire("a").retryAfter()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void retryAfterSecondsRoundsUpAndIsZeroWhenAllowed() {
        RateLimiter limiter = limiter(0.1, 1, 100); // one permit per 10 s
        Decision allowed = limiter.tryAcquire("a");
        assertThat(allowed.retryAfterSeconds()).isZero();
        assertThat(limiter.tryAcquire("a").retryAfterSeconds()).isEqualTo(10);
        advance(Duration.ofMillis(2_500));
        Decision denied = limiter.tryAcquire("a");
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(7_500));
        assertThat(denied.retryAfterSeconds()).isEqualTo(8);
        advance(Duration.ofMillis(7_499));
        assertThat(limiter.tryAcquire("a").retryAfterSeconds()).isEqualTo(1); // 1 ms left still says 1
        advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    }

    @Test
    void refillsWithTimeButNeverBeyondTheBurst() {
        RateLimiter limiter = limiter(10, 5, 100);
        assertThat(countAllowed(limiter, "a", 100)).isEqualTo(5);
        advance(Duration.ofMillis(300));
        assertThat(countAllowed(limiter, "a", 100)).isEqualTo(3);
        advance(Duration.ofHours(1));
        assertThat(countAllowed(limiter, "a", 100)).isEqualTo(5);
    }

    @Test
    void canReadAnInjectedWallClock() {
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return Instant.parse("2030-01-01T00:00:00Z").plusNanos(nanos.get());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        RateLimiter limiter = new RateLimiter(1, 2, 100, clock);
        assertThat(countAllowed(limiter, "a", 10)).isEqualTo(2);
        assertThat(limiter.tryAcquire("a").retryAfter()).isEqualTo(Duration.ofSeconds(1));
        advance(Duration.ofSeconds(1));
        assertThat(countAllowed(limiter, "a", 10)).isEqualTo(1);
    }

    @Test
    void keysAreIndependent() {
        RateLimiter limiter = limiter(1, 2, 100);
        assertThat(countAllowed(limiter, "10.0.0.1", 10)).isEqualTo(2);
        assertThat(countAllowed(limiter, "10.0.0.2", 10)).isEqualTo(2);
        assertThat(limiter.tryAcquire("10.0.0.1").allowed()).isFalse();
    }

    @Test
    void aNonPositiveRateMeansUnlimited() {
        for (double rate : new double[] {0, -1}) {
            RateLimiter limiter = limiter(rate, 0, 1);
            assertThat(countAllowed(limiter, "a", 10_000)).isEqualTo(10_000);
            assertThat(limiter.trackedKeys()).isZero();
        }
    }

    @Test
    void rejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> limiter(1, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter(Double.NaN, 1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter(1e-30, 1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void evictionKeepsTheMapBoundedUnderManyDistinctKeys() {
        RateLimiter limiter = limiter(1, 5, 1_000);
        for (int i = 0; i < 100_000; i++) {
            assertThat(limiter.tryAcquire("k" + i).allowed()).isTrue(); // a new key is never refused
            assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(1_000);
            if (i % 1_000 == 0) {
                advance(Duration.ofMillis(100));
            }
        }
    }

    @Test
    void evictionForgetsFullBucketsFirstAndKeepsThrottledKeys() {
        RateLimiter limiter = limiter(1, 3, 100);
        assertThat(countAllowed(limiter, "attacker", 10)).isEqualTo(3); // in debt, throttled
        for (int i = 0; i < 99; i++) {
            limiter.tryAcquire("idle" + i);
        }
        advance(Duration.ofSeconds(2)); // idle buckets refill; the attacker's still owes a second
        limiter.tryAcquire("newcomer"); // 101 keys: sweep

        assertThat(limiter.trackedKeys()).isEqualTo(2);
        assertThat(limiter.tryAcquire("attacker").allowed()).isTrue(); // 2 s refilled 2 tokens...
        assertThat(limiter.tryAcquire("attacker").allowed()).isTrue();
        assertThat(limiter.tryAcquire("attacker").allowed()).isFalse(); // ...not a fresh burst of 3
    }

    @Test
    void whenNothingIsFullTheBucketsNearestToFullAreEvicted() {
        RateLimiter limiter = limiter(1, 10, 8);
        assertThat(countAllowed(limiter, "heavy", 10)).isEqualTo(10);
        for (int i = 0; i < 8; i++) {
            limiter.tryAcquire("light" + i); // 9th key triggers the sweep, down to 7
        }
        assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(8);
        assertThat(limiter.tryAcquire("heavy").allowed()).isFalse(); // still remembered
    }

    @Test
    void concurrentCallersNeverGetMoreThanBurstPlusRateTimesElapsed() throws Exception {
        double rate = 1_000;
        int burst = 50;
        RateLimiter limiter = limiter(rate, burst, 1_000);
        long start = nanos.get();
        long allowed = runConcurrently(8, id -> {
            long mine = 0;
            for (int i = 0; i < 20_000; i++) {
                if (limiter.tryAcquire("shared").allowed()) {
                    mine++;
                }
                if (i % 50 == 0) {
                    advance(Duration.ofNanos(37_000)); // time moves while other threads are mid-call
                }
            }
            return mine;
        });
        double elapsedSeconds = (nanos.get() - start) / 1e9;
        assertThat((double) allowed).isLessThanOrEqualTo(burst + rate * elapsedSeconds);
        assertThat(allowed).isGreaterThan(burst); // refill did let traffic through after the burst
    }

    @Test
    void concurrentEvictionStaysConsistentAndBounded() throws Exception {
        RateLimiter limiter = limiter(1_000, 5, 64);
        runConcurrently(8, id -> {
            for (int i = 0; i < 20_000; i++) {
                limiter.tryAcquire("t" + id + "-" + (i % 500));
                if (i % 100 == 0) {
                    advance(Duration.ofNanos(50_000));
                }
            }
            return 0L;
        });
        // Inserts that raced a running sweep may overshoot; the next new key sweeps again.
        limiter.tryAcquire("last");
        assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(64);
    }

    private interface Worker {
        long run(int id) throws Exception;
    }

    /** Runs the workers together from one start signal and sums their results. */
    private static long runConcurrently(int threads, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    go.await();
                    return worker.run(id);
                }));
            }
            go.countDown();
            long sum = 0;
            for (Future<Long> f : results) {
                sum += f.get(30, TimeUnit.SECONDS);
            }
            return sum;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int countAllowed(RateLimiter limiter, String key, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(key).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }
}
