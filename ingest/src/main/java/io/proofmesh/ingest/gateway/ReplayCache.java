package io.proofmesh.ingest.gateway;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Check 14 of PROTOCOL.md §4: the best-effort replay front door. The authoritative dedupe is
 * downstream, by (nodeId, seq, eventIndex) (§5), so this cache may forget — it only answers
 * early and tells an agent whose 202 was lost that its body already went through.
 *
 * <p>{@link #check} never records; the gateway calls {@link #recordAccepted} only once Kafka has
 * acknowledged, because a refused request must not be remembered: that is what makes resending
 * the same body after a 503 or a timeout safe (§5).
 *
 * <p>Per node it keeps the highest accepted seq and a ring of the last {@code ringSize} accepted
 * (seq, digest) pairs, so that a retry of a recent body is {@code REPLAYED} rather than
 * {@code STALE_SEQ} even after the node has moved on. Cost is about {@code 40 × ringSize} bytes per
 * node.
 *
 * <p><b>Races.</b> Two concurrent requests with the same new seq both see {@code NEW} and both may
 * be accepted; downstream dedupe counts the events once. Closing that window would mean holding a
 * reservation across the Kafka round trip, which is not worth it for a best-effort check.
 *
 * <p><b>Memory.</b> Only verified, registered nodes reach this check, so the node count is bounded
 * by the registry; {@code maxNodes} is a backstop. Past it, the least recently used nodes are
 * evicted down to 7/8 of {@code maxNodes} (the slack amortises the sweep). Forgetting a node only
 * weakens the check: its next replay or stale seq is answered {@code NEW} and is caught downstream.
 */
public final class ReplayCache {

    public enum Verdict { NEW, REPLAYED, STALE_SEQ }

    public static final int DEFAULT_RING_SIZE = 64;
    public static final int DIGEST_LENGTH = 32;

    /** What is remembered of one node; guarded by its own monitor. */
    private static final class NodeHistory {
        final long[] seqs;
        final byte[] digests; // flat, DIGEST_LENGTH bytes per slot: one array instead of ringSize
        int count;
        int next;
        long highest = Long.MIN_VALUE;
        /** Logical access time for LRU eviction; volatile so the sweeper can read it unlocked. */
        volatile long lastUsed;
        /** Set under the lock when evicted; a writer holding it must start over. */
        boolean evicted;

        NodeHistory(int ringSize) {
            this.seqs = new long[ringSize];
            this.digests = new byte[ringSize * DIGEST_LENGTH];
        }

        boolean contains(long seq, byte[] digest) {
            for (int i = 0; i < count; i++) {
                int from = i * DIGEST_LENGTH;
                if (seqs[i] == seq
                        && Arrays.equals(digests, from, from + DIGEST_LENGTH, digest, 0, DIGEST_LENGTH)) {
                    return true;
                }
            }
            return false;
        }

        void record(long seq, byte[] digest) {
            highest = Math.max(highest, seq);
            if (contains(seq, digest)) {
                return; // two racing identical requests were both accepted; one slot is enough
            }
            seqs[next] = seq;
            System.arraycopy(digest, 0, digests, next * DIGEST_LENGTH, DIGEST_LENGTH);
            next = (next + 1) % seqs.length;
            count = Math.min(count + 1, seqs.length);
        }
    }

    private final int ringSize;
    private final int maxNodes;
    private final int lowWater;
    private final ConcurrentHashMap<String, NodeHistory> nodes = new ConcurrentHashMap<>();
    /** A counter, not a clock: LRU needs only an order, and a counter keeps tests deterministic. */
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public ReplayCache(int maxNodes) {
        this(maxNodes, DEFAULT_RING_SIZE);
    }

    public ReplayCache(int maxNodes, int ringSize) {
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be at least 1, got " + maxNodes);
        }
        if (ringSize < 1 || ringSize > Integer.MAX_VALUE / DIGEST_LENGTH) {
            throw new IllegalArgumentException("ringSize out of range: " + ringSize);
        }
        this.maxNodes = maxNodes;
        this.ringSize = ringSize;
        this.lowWater = maxNodes - Math.max(1, maxNodes / 8);
    }

    /** Classifies a verified request without recording anything. */
    public Verdict check(String nodeId, long seq, byte[] bodyDigest32) {
        Objects.requireNonNull(nodeId, "nodeId");
        requireDigest(bodyDigest32);
        NodeHistory history = nodes.get(nodeId);
        if (history == null) {
            return Verdict.NEW;
        }
        // If it was evicted meanwhile, its contents are still true facts; answering from them is fine.
        synchronized (history) {
            history.lastUsed = ticks.incrementAndGet();
            if (history.contains(seq, bodyDigest32)) {
                return Verdict.REPLAYED;
            }
            return seq <= history.highest ? Verdict.STALE_SEQ : Verdict.NEW;
        }
    }

    /** Remembers a body that Kafka has acknowledged. The digest is copied. */
    public void recordAccepted(String nodeId, long seq, byte[] bodyDigest32) {
        Objects.requireNonNull(nodeId, "nodeId");
        requireDigest(bodyDigest32);
        byte[] digest = bodyDigest32.clone();
        while (true) {
            NodeHistory history = nodes.get(nodeId);
            boolean created = false;
            if (history == null) {
                NodeHistory fresh = new NodeHistory(ringSize);
                history = nodes.putIfAbsent(nodeId, fresh);
                if (history == null) {
                    history = fresh;
                    created = true;
                }
            }
            synchronized (history) {
                if (history.evicted) {
                    continue; // recording into a removed history would be lost; use the new one
                }
                history.record(seq, digest);
                history.lastUsed = ticks.incrementAndGet();
            }
            if (created) {
                sweepIfOverCapacity();
            }
            return;
        }
    }

    /** Number of nodes currently remembered; for tests and metrics. */
    public int trackedNodes() {
        return nodes.size();
    }

    private static void requireDigest(byte[] digest) {
        Objects.requireNonNull(digest, "bodyDigest32");
        if (digest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("body digest must be " + DIGEST_LENGTH + " bytes, got " + digest.length);
        }
    }

    private void sweepIfOverCapacity() {
        if (nodes.size() <= maxNodes || !sweeping.compareAndSet(false, true)) {
            return; // another thread is already sweeping
        }
        try {
            sweep();
        } finally {
            sweeping.set(false);
        }
    }

    private void sweep() {
        int excess = nodes.size() - lowWater;
        if (excess <= 0) {
            return;
        }
        long[] used = nodes.values().stream().mapToLong(h -> h.lastUsed).sorted().toArray();
        if (used.length == 0) {
            return;
        }
        long cutoff = used[Math.min(excess, used.length) - 1];
        int removed = 0;
        for (var entry : nodes.entrySet()) {
            if (removed >= excess) {
                break;
            }
            NodeHistory history = entry.getValue();
            synchronized (history) {
                // Recheck: a node used since the snapshot is no longer among the oldest.
                if (!history.evicted && history.lastUsed <= cutoff) {
                    history.evicted = true;
                    nodes.remove(entry.getKey(), history);
                    removed++;
                }
            }
        }
    }
}
