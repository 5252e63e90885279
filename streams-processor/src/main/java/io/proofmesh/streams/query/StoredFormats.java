package io.proofmesh.streams.query;

import io.proofmesh.schemas.common.Capacity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads the parts of the scorer's own binary store values the API shows (the scorer's records are
 * package-private there; the layouts are version 1 of {@code PartitionClock} and {@code NodeStanding}).
 */
final class StoredFormats {

    private StoredFormats() {}

    /** The last epoch closed on a partition, from its {@code partition-clock} value. */
    static long lastClosedEpoch(byte[] clock) {
        ByteBuffer in = ByteBuffer.wrap(clock);
        if (in.get() != 1) {
            throw new IllegalStateException("unknown partition clock format");
        }
        return in.getLong();
    }

    record Standing(long lastScoredEpoch, long alphaPpm, long betaPpm, Capacity capacity) {}

    static Standing standing(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != 1) {
            throw new IllegalStateException("unknown node standing format");
        }
        long epoch = in.getLong();
        long alpha = in.getLong();
        long beta = in.getLong();
        Capacity cap = null;
        if (in.hasRemaining()) {
            try {
                cap = new SpecificDatumReader<>(Capacity.class).read(null,
                        DecoderFactory.get().binaryDecoder(bytes, in.position(), in.remaining(), null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Standing(epoch, alpha, beta, cap);
    }
}
