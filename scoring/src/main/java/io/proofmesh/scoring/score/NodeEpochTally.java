package io.proofmesh.scoring.score;

import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.scoring.latency.LatencySketch;
import io.proofmesh.scoring.uptime.HeartbeatSeconds;
import io.proofmesh.scoring.work.WorkTally;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Everything counted for one node in one epoch, before the policy is applied: the processor keeps
 * one per (node, epoch) in its state store, the audit builds the same from the records it reads
 * back, and {@link NodeScoreCalculator} turns either into the score. Only counted events go in
 * (deduplicated, on time); late and duplicate ones only bump their counters.
 */
public final class NodeEpochTally {

    private static final byte FORMAT = 1;

    private final HeartbeatSeconds heartbeats;
    private int heartbeatsCounted;
    private final LatencySketch okRoundTrips;
    private int probesOk;
    private int probesFailed;
    private WorkTally work;
    private Capacity lastCapacity;
    private long lastCapacitySentAt = Long.MIN_VALUE;
    private int lateEvents;
    private int duplicateEvents;
    private int rejectedEvents;

    private NodeEpochTally(HeartbeatSeconds heartbeats, LatencySketch okRoundTrips, WorkTally work) {
        this.heartbeats = heartbeats;
        this.okRoundTrips = okRoundTrips;
        this.work = work;
    }

    public static NodeEpochTally empty(long epochLengthMillis) {
        return new NodeEpochTally(HeartbeatSeconds.empty(epochLengthMillis), LatencySketch.empty(), WorkTally.NONE);
    }

    /** A counted heartbeat sent at {@code sentAtMillis} of the epoch starting at {@code epochStartMillis}. */
    public void countHeartbeat(long epochStartMillis, long sentAtMillis) {
        heartbeats.record(epochStartMillis, sentAtMillis);
        heartbeatsCounted++;
    }

    /** A counted probe; {@code rttMicros} is used only when {@code ok}. */
    public void countProbe(boolean ok, long rttMicros) {
        if (ok) {
            probesOk++;
            okRoundTrips.add(rttMicros);
        } else {
            probesFailed++;
        }
    }

    public void countJobResult(WorkTally.ResultStatus status, long computeMs) {
        work = work.withResult(status, computeMs);
    }

    public void countVerification(boolean match) {
        work = work.withVerification(match);
    }

    /** The capacity declared last (by the node's signed sentAt; later wins, ties keep the first). */
    public void countCapacity(long sentAtMillis, Capacity capacity) {
        if (sentAtMillis > lastCapacitySentAt) {
            lastCapacitySentAt = sentAtMillis;
            lastCapacity = capacity;
        }
    }

    public void countLate() {
        lateEvents++;
    }

    public void countDuplicate() {
        duplicateEvents++;
    }

    public void countRejected() {
        rejectedEvents++;
    }

    public HeartbeatSeconds heartbeats() {
        return heartbeats;
    }

    public int heartbeatsCounted() {
        return heartbeatsCounted;
    }

    public LatencySketch okRoundTrips() {
        return okRoundTrips;
    }

    public int probesOk() {
        return probesOk;
    }

    public int probesFailed() {
        return probesFailed;
    }

    public WorkTally work() {
        return work;
    }

    /** Capacity declared in this epoch, or null. */
    public Capacity lastCapacity() {
        return lastCapacity;
    }

    public long lastCapacitySentAt() {
        return lastCapacitySentAt;
    }

    public int lateEvents() {
        return lateEvents;
    }

    public int duplicateEvents() {
        return duplicateEvents;
    }

    public int rejectedEvents() {
        return rejectedEvents;
    }

    /** Counted events of any kind (late, duplicate and rejected ones excluded). */
    public long countedEvents() {
        return (long) heartbeatsCounted + probesOk + probesFailed + work.jobsTotal() + work.verifiedMatch()
                + work.verifiedMismatch() + (lastCapacity == null ? 0 : 1);
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(buf);
            out.writeByte(FORMAT);
            out.writeLong(heartbeats.epochLengthMillis());
            writeBytes(out, heartbeats.toBytes());
            out.writeInt(heartbeatsCounted);
            writeBytes(out, okRoundTrips.toBytes());
            out.writeInt(probesOk);
            out.writeInt(probesFailed);
            out.writeInt(work.jobsOk());
            out.writeInt(work.jobsFailed());
            out.writeInt(work.jobsExpired());
            out.writeLong(work.gpuMs());
            out.writeInt(work.verifiedMatch());
            out.writeInt(work.verifiedMismatch());
            out.writeLong(lastCapacitySentAt);
            writeBytes(out, lastCapacity == null ? new byte[0] : encode(lastCapacity));
            out.writeInt(lateEvents);
            out.writeInt(duplicateEvents);
            out.writeInt(rejectedEvents);
            out.flush();
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NodeEpochTally fromBytes(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown node-epoch tally format " + format);
            }
            long length = in.readLong();
            HeartbeatSeconds heard = HeartbeatSeconds.of(length, readBytes(in));
            int heartbeatsCounted = in.readInt();
            LatencySketch sketch = LatencySketch.fromBytes(readBytes(in));
            int ok = in.readInt();
            int failed = in.readInt();
            WorkTally work = new WorkTally(in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readInt(),
                    in.readInt());
            NodeEpochTally t = new NodeEpochTally(heard, sketch, work);
            t.heartbeatsCounted = heartbeatsCounted;
            t.probesOk = ok;
            t.probesFailed = failed;
            t.lastCapacitySentAt = in.readLong();
            byte[] capacity = readBytes(in);
            t.lastCapacity = capacity.length == 0 ? null : decode(capacity);
            t.lateEvents = in.readInt();
            t.duplicateEvents = in.readInt();
            t.rejectedEvents = in.readInt();
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt node-epoch tally: " + e, e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("bad length " + n);
        }
        return in.readNBytes(n);
    }

    private static byte[] encode(Capacity c) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(buf, null);
        new SpecificDatumWriter<>(Capacity.class).write(c, enc);
        enc.flush();
        return buf.toByteArray();
    }

    private static Capacity decode(byte[] b) throws IOException {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(b, null);
        return new SpecificDatumReader<>(Capacity.class).read(null, dec);
    }
}
