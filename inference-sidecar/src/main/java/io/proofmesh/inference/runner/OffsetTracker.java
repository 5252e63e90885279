package io.proofmesh.inference.runner;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which job offsets may be committed: a job's offset is committed only after ingest answered 202
 * for its result, and never past a job still in flight, so a crash at any point re-delivers every
 * job whose result ingest has not acknowledged (and only those, up to the first unfinished one).
 * Not thread-safe: the consumer thread owns it.
 */
final class OffsetTracker {

    private final Map<TopicPartition, TreeSet<Long>> inFlight = new HashMap<>();
    private final Map<TopicPartition, Long> highestDone = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    void started(TopicPartition tp, long offset) {
        inFlight.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
    }

    void done(TopicPartition tp, long offset) {
        TreeSet<Long> s = inFlight.get(tp);
        if (s != null) {
            s.remove(offset);
        }
        highestDone.merge(tp, offset, Math::max);
    }

    /** Jobs started and not yet done, over every partition. */
    int inFlight() {
        return inFlight.values().stream().mapToInt(TreeSet::size).sum();
    }

    int inFlight(TopicPartition tp) {
        TreeSet<Long> s = inFlight.get(tp);
        return s == null ? 0 : s.size();
    }

    /**
     * The offsets to commit now (next offset to read per partition) that moved since the last
     * call: up to the first job still in flight, else past the highest done.
     */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : highestDone.entrySet()) {
            TopicPartition tp = e.getKey();
            TreeSet<Long> s = inFlight.get(tp);
            long next = (s == null || s.isEmpty()) ? e.getValue() + 1 : s.first();
            Long prev = committed.get(tp);
            if (prev == null || next > prev) {
                out.put(tp, new OffsetAndMetadata(next));
                committed.put(tp, next);
            }
        }
        return out;
    }

    /** After a rebalance took {@code tp} away: forget it (its jobs are re-delivered elsewhere). */
    void revoked(TopicPartition tp) {
        inFlight.remove(tp);
        highestDone.remove(tp);
        committed.remove(tp);
    }
}
