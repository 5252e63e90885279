package io.proofmesh.streams.scorer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How many of a node's inputs were refused in one epoch for one reason, with the last message
 * and when it was seen, so an operator can tell what to fix.
 */
public record RejectionCount(long count, long lastSeenMillis, String stage, String lastMessage) {

    public RejectionCount plus(long seenAt, String stage, String message) {
        return new RejectionCount(count + 1, Math.max(lastSeenMillis, seenAt), stage, message);
    }

    public byte[] toBytes() {
        byte[] s = stage.getBytes(StandardCharsets.UTF_8);
        byte[] m = lastMessage.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 8 + 4 + s.length + 4 + m.length).put((byte) 1).putLong(count)
                .putLong(lastSeenMillis).putInt(s.length).put(s).putInt(m.length).put(m).array();
    }

    public static RejectionCount fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != 1) {
            throw new IllegalArgumentException("unknown rejection count format");
        }
        long count = in.getLong();
        long last = in.getLong();
        byte[] s = new byte[in.getInt()];
        in.get(s);
        byte[] m = new byte[in.getInt()];
        in.get(m);
        return new RejectionCount(count, last, new String(s, StandardCharsets.UTF_8), new String(m, StandardCharsets.UTF_8));
    }
}
