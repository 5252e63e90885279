package io.proofmesh.streams.scorer;

import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.scoring.reputation.Reputation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * What a node carries from one scored epoch into the next: its reputation after that epoch and
 * the last capacity it declared. Both are written into the next epoch's score record (prior
 * reputation, capacity snapshot) so that epoch can be audited alone.
 *
 * @param lastScoredEpoch the epoch whose close produced this standing
 * @param reputation      posterior reputation of that epoch
 * @param capacity        last declared capacity, or null
 */
record NodeStanding(long lastScoredEpoch, Reputation reputation, Capacity capacity) {

    byte[] toBytes() {
        try {
            byte[] cap = new byte[0];
            if (capacity != null) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(buf, null);
                new SpecificDatumWriter<>(Capacity.class).write(capacity, enc);
                enc.flush();
                cap = buf.toByteArray();
            }
            return ByteBuffer.allocate(1 + 24 + cap.length).put((byte) 1).putLong(lastScoredEpoch)
                    .putLong(reputation.alphaPpm()).putLong(reputation.betaPpm()).put(cap).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NodeStanding fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != 1) {
            throw new IllegalArgumentException("unknown node standing format");
        }
        long epoch = in.getLong();
        Reputation r = new Reputation(in.getLong(), in.getLong());
        Capacity cap = null;
        if (in.hasRemaining()) {
            try {
                cap = new SpecificDatumReader<>(Capacity.class).read(null,
                        DecoderFactory.get().binaryDecoder(bytes, in.position(), in.remaining(), null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new NodeStanding(epoch, r, cap);
    }
}
