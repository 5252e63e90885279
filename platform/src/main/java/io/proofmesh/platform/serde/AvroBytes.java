package io.proofmesh.platform.serde;

import java.nio.ByteBuffer;

/** Avro's {@code bytes} fields arrive as {@link ByteBuffer}s; this copies one out without moving its position. */
public final class AvroBytes {

    private AvroBytes() {
    }

    public static byte[] toArray(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
