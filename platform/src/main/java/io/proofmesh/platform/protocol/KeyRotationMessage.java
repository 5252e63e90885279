package io.proofmesh.platform.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proofmesh.platform.crypto.Addresses;
import io.proofmesh.platform.crypto.SignerRecovery;
import io.proofmesh.schemas.registry.KeyRotation;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An operator's order to replace a node's signing key (PROTOCOL.md §10). Ingest, the CLI and
 * anyone re-verifying a stored {@code NodeRegistration.keyRotation} share this one definition of
 * the text that is signed.
 *
 * <p>The same text is signed twice with EIP-191 (personal_sign): by the operator key (the
 * authorisation) and by the new signing key (proof that whoever installs the key holds it, so
 * nobody can point a node at a key someone else owns). Like the probe text it starts with a
 * fixed tag, never '{', so it can never be confused with a telemetry body or a probe answer.
 *
 * @param network                signing domain network name
 * @param chainId                signing domain chain id
 * @param nodeId                 the node whose key is replaced (lower-case 0x address)
 * @param previousSigningAddress the node's signing address being replaced (lower-case 0x)
 * @param newSigningAddress      the signing address that replaces it (lower-case 0x)
 * @param issuedAt               when the operator signed, UTC ms; stored as {@code KeyRotation.rotatedAt}
 */
public record KeyRotationMessage(String network, long chainId, String nodeId, String previousSigningAddress,
                                 String newSigningAddress, long issuedAt) {

    public static final String MESSAGE_TAG = "proofmesh-key-rotation-v1";

    private static final Pattern NETWORK = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    public KeyRotationMessage {
        Objects.requireNonNull(network, "network");
        if (!NETWORK.matcher(network).matches()) {
            throw new InvalidKeyRotationException("network must match " + NETWORK.pattern() + ", got '" + network + "'");
        }
        if (chainId < 1) {
            throw new InvalidKeyRotationException("chainId must be positive, got " + chainId);
        }
        requireAddress("nodeId", nodeId);
        requireAddress("previousSigningAddress", previousSigningAddress);
        requireAddress("newSigningAddress", newSigningAddress);
        if (issuedAt < 0) {
            throw new InvalidKeyRotationException("issuedAt must be >= 0, got " + issuedAt);
        }
    }

    private static void requireAddress(String name, String value) {
        if (!Addresses.isCanonical(value)) {
            throw new InvalidKeyRotationException(name + " must be a lower-case 0x address (40 hex digits), got '" + value + "'");
        }
    }

    /**
     * The message a stored rotation was made from: {@code KeyRotation.rotatedAt} is the signed
     * {@code issuedAt}, so the record from {@code nodes.registry} plus the deployment's domain is
     * all a third party needs to re-verify {@code operatorSignature}.
     */
    public static KeyRotationMessage ofStored(String network, long chainId, String nodeId, KeyRotation stored) {
        return new KeyRotationMessage(network, chainId, nodeId, stored.getPreviousSigningAddress(),
                stored.getNewSigningAddress(), stored.getRotatedAt().toEpochMilli());
    }

    /** Who signed this message with {@code rsv}; {@code InvalidSignatureException} if it is no valid signature. */
    public String signer(SignerRecovery recovery, byte[] rsv) {
        return recovery.recoverPersonalSigner(signedMessage(), rsv);
    }

    /** The signed text: seven lines joined by a single LF, no trailing newline, ASCII only. */
    public String text() {
        return MESSAGE_TAG
                + "\nnetwork:" + network
                + "\nchainId:" + chainId
                + "\nnodeId:" + nodeId
                + "\npreviousSigningAddress:" + previousSigningAddress
                + "\nnewSigningAddress:" + newSigningAddress
                + "\nissuedAt:" + issuedAt;
    }

    /** The exact bytes both keys sign with EIP-191 (personal_sign). */
    public byte[] signedMessage() {
        return text().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The body of {@code POST /v1/nodes/{nodeId}/key-rotation}: the message's fields and the two
     * 65-byte signatures (r ‖ s ‖ v) as {@code 0x} + 130 lower-case hex digits; compact JSON.
     */
    public byte[] requestBody(byte[] operatorSignature, byte[] newKeySignature) {
        ObjectNode n = JSON.createObjectNode();
        n.put("network", network);
        n.put("chainId", chainId);
        n.put("nodeId", nodeId);
        n.put("previousSigningAddress", previousSigningAddress);
        n.put("newSigningAddress", newSigningAddress);
        n.put("issuedAt", issuedAt);
        n.put("operatorSignature", signatureHex(operatorSignature));
        n.put("newKeySignature", signatureHex(newKeySignature));
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String signatureHex(byte[] rsv) {
        if (rsv == null || rsv.length != 65) {
            throw new IllegalArgumentException("a signature is 65 bytes r ‖ s ‖ v");
        }
        return "0x" + HEX.formatHex(rsv);
    }

    @Override
    public String toString() {
        return "KeyRotationMessage[" + network + "/" + chainId + " " + nodeId + ": " + previousSigningAddress + " -> "
                + newSigningAddress + " @" + issuedAt + "]";
    }

    /** A rotation message whose fields do not follow PROTOCOL.md §10. */
    public static final class InvalidKeyRotationException extends RuntimeException {
        public InvalidKeyRotationException(String message) {
            super(message);
        }
    }
}
