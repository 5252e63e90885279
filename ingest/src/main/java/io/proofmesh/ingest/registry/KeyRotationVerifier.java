package io.proofmesh.ingest.registry;

import io.proofmesh.platform.crypto.InvalidSignatureException;
import io.proofmesh.platform.crypto.SignerRecovery;
import io.proofmesh.platform.protocol.KeyRotationMessage;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.schemas.registry.KeyRotation;
import io.proofmesh.schemas.registry.NodeRegistration;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a parsed key rotation may take effect, running PROTOCOL.md §10's checks in
 * order: signing domain, clock skew, node registered, operator signature, new-key signature,
 * then the checks against the node's current state (stale, same key, another node's key).
 * Stateless checks come first; nothing about the node's keys is revealed before the operator's
 * signature is verified.
 *
 * <p>Suspended nodes may rotate: suspension bars telemetry and rewards, and the usual reason to
 * suspend is a leaked or misused key, which the operator must be able to replace before the
 * node is reactivated. Rotating never changes the status.
 */
public final class KeyRotationVerifier {

    /** The registry state the checks read; {@link NodeRegistryView} in the service. */
    public interface Registrations {
        Optional<NodeRegistration> registration(String nodeId);

        /** A node other than {@code exceptNodeId} whose nodeId or current signing address is {@code address}. */
        Optional<String> nodeUsingAddress(String address, String exceptNodeId);
    }

    /** A rotation that passed every check, against the registration it was checked with. */
    public record Verified(NodeRegistration current, KeyRotation rotation) { }

    private final SigningDomain domain;
    private final Duration maxSkew;
    private final SignerRecovery recovery;

    public KeyRotationVerifier(SigningDomain domain, Duration maxSkew, SignerRecovery recovery) {
        this.domain = domain;
        this.maxSkew = maxSkew;
        this.recovery = recovery;
    }

    public Verified verify(KeyRotationRequest request, Registrations registry, Instant receivedAt) throws KeyRotationRefusal {
        KeyRotationMessage m = request.message();
        if (!domain.network().equals(m.network())) {
            throw new KeyRotationRefusal(KeyRotationCode.WRONG_DOMAIN, "this ingest serves network '" + domain.network()
                    + "', the rotation names '" + m.network() + "'", "/network");
        }
        if (domain.chainId() != m.chainId()) {
            throw new KeyRotationRefusal(KeyRotationCode.WRONG_DOMAIN, "this ingest serves chainId " + domain.chainId()
                    + ", the rotation names " + m.chainId(), "/chainId");
        }
        long skew = Math.abs(m.issuedAt() - receivedAt.toEpochMilli());
        if (skew > maxSkew.toMillis()) {
            throw new KeyRotationRefusal(KeyRotationCode.CLOCK_SKEW, "issuedAt is " + skew + " ms from ingest's clock; at most "
                    + maxSkew.toMillis() + " ms are accepted — sign a fresh rotation with a correct clock", "/issuedAt");
        }
        NodeRegistration current = registry.registration(m.nodeId()).orElseThrow(() -> new KeyRotationRefusal(
                KeyRotationCode.UNKNOWN_NODE, "node " + m.nodeId() + " is not registered", "/nodeId"));

        if (!current.getOperatorAddress().equals(signer(m, request.operatorSignature()))) {
            throw new KeyRotationRefusal(KeyRotationCode.OPERATOR_SIGNATURE_INVALID, "operatorSignature was not made over "
                    + "this rotation by the node's operator key", "/operatorSignature");
        }
        if (!m.newSigningAddress().equals(signer(m, request.newKeySignature()))) {
            throw new KeyRotationRefusal(KeyRotationCode.NEW_KEY_SIGNATURE_INVALID, "newKeySignature was not made over this "
                    + "rotation by the key of newSigningAddress " + m.newSigningAddress(), "/newKeySignature");
        }

        // Authenticated from here on: the operator may learn the node's current key.
        if (!m.previousSigningAddress().equals(current.getSigningAddress())) {
            throw new KeyRotationRefusal(KeyRotationCode.STALE_ROTATION, "previousSigningAddress is not the node's current "
                    + "signing address " + current.getSigningAddress() + " (already rotated, or a replay)",
                    "/previousSigningAddress");
        }
        KeyRotation last = current.getKeyRotation();
        if (last != null && m.issuedAt() <= last.getRotatedAt().toEpochMilli()) {
            throw new KeyRotationRefusal(KeyRotationCode.STALE_ROTATION, "issuedAt must be after the node's last rotation ("
                    + last.getRotatedAt().toEpochMilli() + ")", "/issuedAt");
        }
        if (m.newSigningAddress().equals(current.getSigningAddress())) {
            throw new KeyRotationRefusal(KeyRotationCode.INVALID_ROTATION, "newSigningAddress is already the node's signing "
                    + "address", "/newSigningAddress");
        }
        // The operator key authorises rotations; on a node (a hot key) its theft would let the
        // thief rotate the node away from its operator.
        if (m.newSigningAddress().equals(current.getOperatorAddress())) {
            throw new KeyRotationRefusal(KeyRotationCode.INVALID_ROTATION, "newSigningAddress is the operator's address; "
                    + "the operator key must not sign telemetry", "/newSigningAddress");
        }
        // One key, one node: a recovered signer must name exactly one node, so telemetry, receipts
        // and audits attribute every signature unambiguously, and one key holder cannot pass as
        // several "independent" nodes. Proof of possession already stops taking a key one does
        // not hold; this stops sharing one. Other nodes' nodeIds count too: a nodeId is the
        // address of that node's original key.
        Optional<String> other = registry.nodeUsingAddress(m.newSigningAddress(), m.nodeId());
        if (other.isPresent()) {
            throw new KeyRotationRefusal(KeyRotationCode.INVALID_ROTATION, "newSigningAddress belongs to another node ("
                    + other.get() + "); every node needs a key of its own", "/newSigningAddress");
        }
        KeyRotation rotation = KeyRotation.newBuilder()
                .setPreviousSigningAddress(m.previousSigningAddress())
                .setNewSigningAddress(m.newSigningAddress())
                .setRotatedAt(Instant.ofEpochMilli(m.issuedAt()))
                .setOperatorSignature(ByteBuffer.wrap(request.operatorSignature()))
                .build();
        return new Verified(current, rotation);
    }

    /** The signer, or null for a signature that is malformed (v, high s) or recovers to no key. */
    private String signer(KeyRotationMessage m, byte[] rsv) {
        if ((rsv[64] & 0xff) != 27 && (rsv[64] & 0xff) != 28) {
            return null; // as for telemetry: v is 27 or 28, so a signature has exactly one accepted encoding
        }
        try {
            return m.signer(recovery, rsv);
        } catch (InvalidSignatureException e) {
            return null;
        }
    }
}
