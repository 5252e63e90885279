package io.proofmesh.streams.scorer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Binary keys of the stores, ordered so that range scans answer the questions asked of them:
 * everything of one epoch (closing it), everything of one node (its rejections).
 */
public final class StoreKeys {

    private StoreKeys() {}

    /** 8-byte big-endian epoch (sign bit flipped so negative epochs sort first) + UTF-8 suffix. */
    public static Bytes epochKey(long epoch, String suffix) {
        byte[] s = suffix.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + s.length).putLong(epoch ^ Long.MIN_VALUE).put(s).array());
    }

    public static Bytes epochStart(long epoch) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(epoch ^ Long.MIN_VALUE).array());
    }

    /** Exclusive end of epoch {@code epoch}'s keys: the first key of the next epoch. */
    public static Bytes epochEnd(long epoch) {
        return epochStart(epoch + 1);
    }

    public static long epochOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE;
    }

    public static String suffixOf(Bytes key) {
        byte[] b = key.get();
        return new String(b, 8, b.length - 8, StandardCharsets.UTF_8);
    }

    /** nodeId + '|' + epoch (flipped, big-endian) + reason. */
    public static Bytes nodeKey(String nodeId, long epoch, String reason) {
        byte[] n = (nodeId + "|").getBytes(StandardCharsets.UTF_8);
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(n.length + 8 + r.length).put(n).putLong(epoch ^ Long.MIN_VALUE).put(r)
                .array());
    }

    public static Bytes nodeStart(String nodeId) {
        return Bytes.wrap((nodeId + "|").getBytes(StandardCharsets.UTF_8));
    }

    /** '}' sorts right after '|': the first key past every key of {@code nodeId}. */
    public static Bytes nodeEnd(String nodeId) {
        return Bytes.wrap((nodeId + "}").getBytes(StandardCharsets.UTF_8));
    }
}
