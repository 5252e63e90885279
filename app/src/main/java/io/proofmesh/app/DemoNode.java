package io.proofmesh.app;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.telemetry.Heartbeat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Arrays;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * A generated node key for the demo: its nodeId is the key's 0x address (DESIGN.md: identity),
 * and it signs each heartbeat body with EIP-191 so the record carries what a third party needs
 * to re-verify it. The exact signed bytes of the network protocol are PROTOCOL.md's (ingest
 * issue); until then the demo signs a simple canonical text body.
 */
final class DemoNode {

    private final ECKeyPair key;
    private final String nodeId;

    private DemoNode(ECKeyPair key) {
        this.key = key;
        this.nodeId = "0x" + Keys.getAddress(key.getPublicKey()).toLowerCase();
    }

    static DemoNode generate() {
        try {
            return new DemoNode(Keys.createEcKeyPair());
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new IllegalStateException("cannot generate a secp256k1 key: " + e.getMessage(), e);
        }
    }

    String nodeId() {
        return nodeId;
    }

    Heartbeat heartbeat(long seq, Instant sentAt, Instant receivedAt) {
        byte[] body = ("proofmesh-demo/heartbeat\nnodeId=" + nodeId + "\nseq=" + seq + "\nsentAt=" + sentAt.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8);
        Sign.SignatureData sig = Sign.signPrefixedMessage(body, key);
        byte[] rsv = new byte[65];
        System.arraycopy(sig.getR(), 0, rsv, 0, 32);
        System.arraycopy(sig.getS(), 0, rsv, 32, 32);
        rsv[64] = sig.getV()[0];
        return Heartbeat.newBuilder()
                .setNodeId(nodeId)
                .setSeq(seq)
                .setEventIndex(0)
                .setSentAt(sentAt)
                .setUptimeSeconds(3600 + seq * 30)
                .setCpuLoadPpm(250_000)
                .setGpuLoadPpm(600_000)
                .setActiveJobs(1)
                .setAgentVersion("demo/0.1")
                .setProvenance(Provenance.newBuilder()
                        .setSigner(nodeId)
                        .setSignature(ByteBuffer.wrap(rsv))
                        .setSignedBody(ByteBuffer.wrap(body))
                        .setBodyDigest(new Bytes32(Hash.sha3(body)))
                        .setReceivedAt(receivedAt)
                        .setIngestId("demo")
                        .build())
                .build();
    }

    /** Recovers the signer of a stored heartbeat from its own bytes; true iff it is the node. */
    static boolean signatureValid(Heartbeat hb) {
        Provenance p = hb.getProvenance();
        byte[] body = bytes(p.getSignedBody());
        byte[] rsv = bytes(p.getSignature());
        if (rsv.length != 65 || !Arrays.equals(Hash.sha3(body), p.getBodyDigest().bytes())) {
            return false;
        }
        try {
            Sign.SignatureData sig = new Sign.SignatureData(rsv[64], Arrays.copyOfRange(rsv, 0, 32), Arrays.copyOfRange(rsv, 32, 64));
            String recovered = "0x" + Keys.getAddress(Sign.signedPrefixedMessageToKey(body, sig)).toLowerCase();
            return recovered.equals(hb.getNodeId()) && recovered.equals(p.getSigner());
        } catch (SignatureException e) {
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
