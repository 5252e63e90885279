package io.proofmesh.app;

import io.proofmesh.platform.crypto.InvalidSignatureException;
import io.proofmesh.platform.crypto.Keccak256;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.telemetry.Heartbeat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A generated node key for the demo: its nodeId is the key's 0x address (DESIGN.md: identity),
 * and it signs each heartbeat body with EIP-191 so the record carries what a third party needs
 * to re-verify it. The exact signed bytes of the network protocol are PROTOCOL.md's (ingest
 * milestone); until then the demo signs a simple text body.
 */
final class DemoNode {

    private final MessageSigner key = MessageSigner.generate();

    String nodeId() {
        return key.address();
    }

    Heartbeat heartbeat(long seq, Instant sentAt, Instant receivedAt) {
        byte[] body = ("proofmesh-demo/heartbeat\nnodeId=" + nodeId() + "\nseq=" + seq + "\nsentAt=" + sentAt.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8);
        return Heartbeat.newBuilder()
                .setNodeId(nodeId())
                .setSeq(seq)
                .setEventIndex(0)
                .setSentAt(sentAt)
                .setUptimeSeconds(3600 + seq * 30)
                .setCpuLoadPpm(250_000)
                .setGpuLoadPpm(600_000)
                .setActiveJobs(1)
                .setAgentVersion("demo/0.1")
                .setProvenance(Provenance.newBuilder()
                        .setSigner(nodeId())
                        .setSignature(ByteBuffer.wrap(key.signPersonal(body)))
                        .setSignedBody(ByteBuffer.wrap(body))
                        .setBodyDigest(new Bytes32(Keccak256.hash(body)))
                        .setReceivedAt(receivedAt)
                        .setIngestId("demo")
                        .build())
                .build();
    }

    /** Recovers the signer of a stored heartbeat from its own bytes; true iff it is the node. */
    static boolean signatureValid(Heartbeat hb) {
        Provenance p = hb.getProvenance();
        byte[] body = bytes(p.getSignedBody());
        if (!Arrays.equals(Keccak256.hash(body), p.getBodyDigest().bytes())) {
            return false;
        }
        try {
            String signer = SignerRecoveries.best().recoverPersonalSigner(body, bytes(p.getSignature()));
            return signer.equals(hb.getNodeId()) && signer.equals(p.getSigner());
        } catch (InvalidSignatureException e) {
            return false;
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
