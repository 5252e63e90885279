package io.proofmesh.ingest.prober;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.platform.protocol.ProbeResultMessage;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.scoring.epoch.EpochSchedule;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Turns a judged probe into the {@link LatencyProbe} record, signed by the prober's key over
 * {@link ProbeResultMessage} (PROTOCOL.md §9.5); the epoch comes from {@code sentAt}.
 */
public final class ProbeRecordSigner {

    private final MessageSigner key;
    private final EpochSchedule schedule;

    public ProbeRecordSigner(MessageSigner key, EpochSchedule schedule) {
        this.key = key;
        this.schedule = schedule;
    }

    public String proberAddress() {
        return key.address();
    }

    public LatencyProbe sign(ProbeChallenge challenge, ProbeExchange exchange, ProbeVerdict verdict) {
        long epoch = schedule.epochOf(exchange.sentAtMillis());
        ProbeResultMessage message = new ProbeResultMessage(challenge.network(), challenge.chainId(), challenge.proberId(),
                challenge.nodeId(), challenge.nonce(), exchange.sentAtMillis(), exchange.completedAtMillis(),
                verdict.rttMicros(), verdict.outcome().name(), verdict.nodeSignature(), epoch);
        return LatencyProbe.newBuilder()
                .setNodeId(challenge.nodeId())
                .setProberId(challenge.proberId())
                .setNonce(ByteBuffer.wrap(challenge.nonce()))
                .setSentAt(Instant.ofEpochMilli(exchange.sentAtMillis()))
                .setCompletedAt(Instant.ofEpochMilli(exchange.completedAtMillis()))
                .setRttMicros(verdict.rttMicros())
                .setOutcome(verdict.outcome())
                .setNodeSignature(verdict.nodeSignature() == null ? null : ByteBuffer.wrap(verdict.nodeSignature()))
                .setProberAddress(key.address())
                .setProberSignature(ByteBuffer.wrap(key.signPersonal(message.signedMessage())))
                .setEpoch(epoch)
                .build();
    }
}
