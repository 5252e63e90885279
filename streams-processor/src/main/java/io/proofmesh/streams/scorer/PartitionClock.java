package io.proofmesh.streams.scorer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-partition progress, kept in the task's store so it survives restarts and moves with the
 * task: the last epoch this partition has closed, and the next input offset of every input topic
 * as of the last close (the exclusive end offsets an {@code EpochClosed} marker names).
 *
 * @param lastClosedEpoch epochs at or before it are closed on this partition
 * @param nextOffsets     topic → next offset to process, as of the last close
 */
record PartitionClock(long lastClosedEpoch, Map<String, Long> nextOffsets) {

    PartitionClock {
        nextOffsets = Map.copyOf(nextOffsets);
    }

    byte[] toBytes() {
        int size = 1 + 8 + 4;
        for (String t : nextOffsets.keySet()) {
            size += 4 + t.getBytes(StandardCharsets.UTF_8).length + 8;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put((byte) 1).putLong(lastClosedEpoch).putInt(nextOffsets.size());
        new TreeMap<>(nextOffsets).forEach((t, o) -> {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            out.putInt(b.length).put(b).putLong(o);
        });
        return out.array();
    }

    static PartitionClock fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != 1) {
            throw new IllegalArgumentException("unknown partition clock format");
        }
        long last = in.getLong();
        int n = in.getInt();
        Map<String, Long> offsets = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[in.getInt()];
            in.get(b);
            offsets.put(new String(b, StandardCharsets.UTF_8), in.getLong());
        }
        return new PartitionClock(last, offsets);
    }
}
