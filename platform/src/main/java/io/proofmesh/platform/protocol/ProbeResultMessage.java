package io.proofmesh.platform.protocol;

import io.proofmesh.platform.crypto.Addresses;
import io.proofmesh.platform.serde.AvroBytes;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The exact text a prober signs (EIP-191 personal_sign) over one {@link LatencyProbe} result
 * (PROTOCOL.md §9.5), so anyone can re-verify a {@code telemetry.probes} record from the topic
 * alone: rebuild this text from the record's fields and the deployment's signing domain, then
 * recover the signer of {@code proberSignature} and compare it with {@code proberAddress}.
 *
 * <p>Twelve lines joined by a single LF, no trailing newline, ASCII only: the tag
 * {@code proofmesh-probe-result-v1}, then {@code name:value} for network, chainId, proberId,
 * nodeId, nonce, sentAt, completedAt, rttMicros (empty when null), outcome, nodeSignature
 * ({@code 0x} + hex, empty when null) and epoch. Like the challenge text it never starts with
 * '{', so it cannot be confused with a telemetry body or a probe answer.
 */
public record ProbeResultMessage(String network, long chainId, String proberId, String nodeId, byte[] nonce, long sentAt,
                                 long completedAt, Long rttMicros, String outcome, byte[] nodeSignature, long epoch) {

    public static final String MESSAGE_TAG = "proofmesh-probe-result-v1";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern OUTCOME = Pattern.compile("[A-Z][A-Z_]{0,31}");
    private static final HexFormat HEX = HexFormat.of();

    public ProbeResultMessage {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(outcome, "outcome");
        // Every value goes on one line of the signed text: none may contain a line break or a ':'-ambiguity.
        if (network == null || !ID.matcher(network).matches()) {
            throw new IllegalArgumentException("network must match " + ID.pattern() + ", got '" + network + "'");
        }
        if (proberId == null || !ID.matcher(proberId).matches()) {
            throw new IllegalArgumentException("proberId must match " + ID.pattern() + ", got '" + proberId + "'");
        }
        if (nodeId == null || !Addresses.isCanonical(nodeId)) {
            throw new IllegalArgumentException("nodeId must be a lower-case 0x address, got '" + nodeId + "'");
        }
        if (!OUTCOME.matcher(outcome).matches()) {
            throw new IllegalArgumentException("outcome must be an upper-case symbol, got '" + outcome + "'");
        }
        nonce = nonce.clone();
        nodeSignature = nodeSignature == null ? null : nodeSignature.clone();
    }

    /** The message of a stored record; {@code network} and {@code chainId} are the deployment's signing domain. */
    public static ProbeResultMessage of(LatencyProbe p, String network, long chainId) {
        return new ProbeResultMessage(network, chainId, p.getProberId(), p.getNodeId(), AvroBytes.toArray(p.getNonce()),
                p.getSentAt().toEpochMilli(), p.getCompletedAt().toEpochMilli(), p.getRttMicros(), p.getOutcome().name(),
                p.getNodeSignature() == null ? null : AvroBytes.toArray(p.getNodeSignature()), p.getEpoch());
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] nodeSignature() {
        return nodeSignature == null ? null : nodeSignature.clone();
    }

    /** The bytes the prober signs with EIP-191. */
    public byte[] signedMessage() {
        String text = MESSAGE_TAG
                + "\nnetwork:" + network
                + "\nchainId:" + chainId
                + "\nproberId:" + proberId
                + "\nnodeId:" + nodeId
                + "\nnonce:0x" + HEX.formatHex(nonce)
                + "\nsentAt:" + sentAt
                + "\ncompletedAt:" + completedAt
                + "\nrttMicros:" + (rttMicros == null ? "" : rttMicros.toString())
                + "\noutcome:" + outcome
                + "\nnodeSignature:" + (nodeSignature == null ? "" : "0x" + HEX.formatHex(nodeSignature))
                + "\nepoch:" + epoch;
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeResultMessage m && java.util.Arrays.equals(signedMessage(), m.signedMessage());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(signedMessage());
    }

    @Override
    public String toString() {
        return new String(signedMessage(), StandardCharsets.US_ASCII).replace('\n', ' ');
    }
}
