package io.proofmesh.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.protocol.KeyRotationMessage;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.schemas.registry.KeyRotation;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/** Each refusal of a key rotation, in check order, with its code, status and field. */
class KeyRotationVerifierTest {

    private static final SigningDomain DOMAIN = new SigningDomain("proofmesh-devnet", 31337);
    private static final Instant NOW = Instant.ofEpochMilli(1767225600000L);
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final MessageSigner operator = MessageSigner.generate();
    private final MessageSigner nodeKey = MessageSigner.generate();
    private final MessageSigner newKey = MessageSigner.generate();
    private final MessageSigner otherNodeKey = MessageSigner.generate();
    private final String node = nodeKey.address();
    private final InMemoryRegistrations registry = new InMemoryRegistrations()
            .put(InMemoryRegistrations.node(node, node, operator.address(), NodeStatus.ACTIVE))
            .put(InMemoryRegistrations.node(otherNodeKey.address(), otherNodeKey.address(), operator.address(), NodeStatus.ACTIVE));
    private final KeyRotationVerifier verifier = new KeyRotationVerifier(DOMAIN, SKEW, SignerRecoveries.best());

    private KeyRotationMessage message(String network, long chainId, String previous, MessageSigner next, long issuedAt) {
        return new KeyRotationMessage(network, chainId, node, previous, next.address(), issuedAt);
    }

    private KeyRotationMessage message() {
        return message("proofmesh-devnet", 31337, node, newKey, NOW.toEpochMilli() - 1000);
    }

    private static byte[] signed(KeyRotationMessage m, MessageSigner op, MessageSigner nk) {
        return m.requestBody(op.signPersonal(m.signedMessage()), nk.signPersonal(m.signedMessage()));
    }

    private KeyRotationVerifier.Verified verify(byte[] body) throws KeyRotationRefusal {
        return verifier.verify(KeyRotationRequest.parse(body, node), registry, NOW);
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, KeyRotationCode code, int status, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KeyRotationRefusal.class, r -> {
            assertThat(r.code()).as(r.getMessage()).isEqualTo(code);
            assertThat(r.code().httpStatus()).isEqualTo(status);
            assertThat(r.field()).isEqualTo(field);
        });
    }

    @Test
    void aRotationSignedByTheOperatorAndTheNewKeyIsAccepted() throws Exception {
        KeyRotationMessage m = message();
        KeyRotationVerifier.Verified v = verify(signed(m, operator, newKey));
        assertThat(v.rotation().getPreviousSigningAddress()).isEqualTo(node);
        assertThat(v.rotation().getNewSigningAddress()).isEqualTo(newKey.address());
        assertThat(v.rotation().getRotatedAt()).isEqualTo(Instant.ofEpochMilli(m.issuedAt()));
        assertThat(v.current().getNodeId()).isEqualTo(node);
    }

    @Test
    void aSuspendedNodeMayRotate() throws Exception {
        registry.put(NodeRegistration.newBuilder(registry.nodes.get(node)).setStatus(NodeStatus.SUSPENDED).build());
        assertThat(verify(signed(message(), operator, newKey)).rotation().getNewSigningAddress()).isEqualTo(newKey.address());
    }

    @Test
    void anotherDomainIsRefused() {
        refused(() -> verify(signed(message("proofmesh-testnet", 31337, node, newKey, NOW.toEpochMilli()), operator, newKey)),
                KeyRotationCode.WRONG_DOMAIN, 401, "/network");
        refused(() -> verify(signed(message("proofmesh-devnet", 1, node, newKey, NOW.toEpochMilli()), operator, newKey)),
                KeyRotationCode.WRONG_DOMAIN, 401, "/chainId");
    }

    @Test
    void theClockSkewBoundIsInclusive() throws Exception {
        long max = SKEW.toMillis();
        verify(signed(message("proofmesh-devnet", 31337, node, newKey, NOW.toEpochMilli() + max), operator, newKey));
        verify(signed(message("proofmesh-devnet", 31337, node, newKey, NOW.toEpochMilli() - max), operator, newKey));
        refused(() -> verify(signed(message("proofmesh-devnet", 31337, node, newKey, NOW.toEpochMilli() + max + 1), operator,
                newKey)), KeyRotationCode.CLOCK_SKEW, 422, "/issuedAt");
        refused(() -> verify(signed(message("proofmesh-devnet", 31337, node, newKey, NOW.toEpochMilli() - max - 1), operator,
                newKey)), KeyRotationCode.CLOCK_SKEW, 422, "/issuedAt");
    }

    @Test
    void anUnregisteredNodeIs404() {
        registry.nodes.remove(node);
        refused(() -> verify(signed(message(), operator, newKey)), KeyRotationCode.UNKNOWN_NODE, 404, "/nodeId");
    }

    @Test
    void onlyTheRegisteredOperatorAuthorises() {
        // the node's own key is not the operator's: a stolen node key must not be able to rotate itself away
        refused(() -> verify(signed(message(), nodeKey, newKey)), KeyRotationCode.OPERATOR_SIGNATURE_INVALID, 401,
                "/operatorSignature");
        refused(() -> verify(signed(message(), MessageSigner.generate(), newKey)), KeyRotationCode.OPERATOR_SIGNATURE_INVALID,
                401, "/operatorSignature");
        // signed over another message (a different issuedAt)
        KeyRotationMessage m = message();
        KeyRotationMessage other = message("proofmesh-devnet", 31337, node, newKey, m.issuedAt() + 1);
        byte[] body = m.requestBody(operator.signPersonal(other.signedMessage()), newKey.signPersonal(m.signedMessage()));
        refused(() -> verify(body), KeyRotationCode.OPERATOR_SIGNATURE_INVALID, 401, "/operatorSignature");
        // v = 0/1 recovers the same key but is not the one accepted encoding
        byte[] sig = operator.signPersonal(m.signedMessage());
        sig[64] -= 27;
        byte[] v01 = m.requestBody(sig, newKey.signPersonal(m.signedMessage()));
        refused(() -> verify(v01), KeyRotationCode.OPERATOR_SIGNATURE_INVALID, 401, "/operatorSignature");
    }

    @Test
    void theNewKeyMustProveItIsHeld() {
        refused(() -> verify(signed(message(), operator, operator)), KeyRotationCode.NEW_KEY_SIGNATURE_INVALID, 401,
                "/newKeySignature");
        refused(() -> verify(signed(message(), operator, nodeKey)), KeyRotationCode.NEW_KEY_SIGNATURE_INVALID, 401,
                "/newKeySignature");
    }

    @Test
    void aRotationFromAKeyThatIsNoLongerCurrentIsStale() {
        MessageSigner notCurrent = MessageSigner.generate();
        refused(() -> verify(signed(message("proofmesh-devnet", 31337, notCurrent.address(), newKey, NOW.toEpochMilli()),
                operator, newKey)), KeyRotationCode.STALE_ROTATION, 409, "/previousSigningAddress");
    }

    @Test
    void issuedAtMustBeAfterTheLastRotation() throws Exception {
        // A → B at t, then B → A: replaying the old A → B now names the current key again, and only issuedAt stops it.
        long t = NOW.toEpochMilli() - 10_000;
        KeyRotation last = KeyRotation.newBuilder().setPreviousSigningAddress(newKey.address()).setNewSigningAddress(node)
                .setRotatedAt(Instant.ofEpochMilli(t)).setOperatorSignature(ByteBuffer.wrap(new byte[65])).build();
        registry.put(NodeRegistration.newBuilder(registry.nodes.get(node)).setKeyRotation(last).build());
        refused(() -> verify(signed(message("proofmesh-devnet", 31337, node, newKey, t - 1), operator, newKey)),
                KeyRotationCode.STALE_ROTATION, 409, "/issuedAt");
        refused(() -> verify(signed(message("proofmesh-devnet", 31337, node, newKey, t), operator, newKey)),
                KeyRotationCode.STALE_ROTATION, 409, "/issuedAt");
        verify(signed(message("proofmesh-devnet", 31337, node, newKey, t + 1), operator, newKey));
    }

    @Test
    void theSameKeyOrAnotherNodesKeyIsInvalid() {
        refused(() -> verify(signed(message("proofmesh-devnet", 31337, node, nodeKey, NOW.toEpochMilli()), operator, nodeKey)),
                KeyRotationCode.INVALID_ROTATION, 422, "/newSigningAddress");
        refused(() -> verify(signed(message("proofmesh-devnet", 31337, node, otherNodeKey, NOW.toEpochMilli()), operator,
                otherNodeKey)), KeyRotationCode.INVALID_ROTATION, 422, "/newSigningAddress");
        refused(() -> verify(signed(message("proofmesh-devnet", 31337, node, operator, NOW.toEpochMilli()), operator,
                operator)), KeyRotationCode.INVALID_ROTATION, 422, "/newSigningAddress");
        // a node that rotated away from its original key still owns that address as its nodeId
        MessageSigner rotatedAway = MessageSigner.generate();
        registry.put(InMemoryRegistrations.node(rotatedAway.address(), MessageSigner.generate().address(), operator.address(),
                NodeStatus.ACTIVE));
        refused(() -> verify(signed(message("proofmesh-devnet", 31337, node, rotatedAway, NOW.toEpochMilli()), operator,
                rotatedAway)), KeyRotationCode.INVALID_ROTATION, 422, "/newSigningAddress");
    }

    @Test
    void malformedBodiesAre400NamingTheField() {
        String good = new String(signed(message(), operator, newKey), StandardCharsets.UTF_8);
        record Case(String body, KeyRotationCode code, String field) { }
        String sig = good.substring(good.indexOf("\"newKeySignature\":\"") + 19, good.lastIndexOf('"'));
        for (Case c : new Case[] {
            new Case("{not json", KeyRotationCode.MALFORMED_JSON, null),
            new Case("[1]", KeyRotationCode.MALFORMED_JSON, null),
            new Case(good + " {}", KeyRotationCode.MALFORMED_JSON, null),
            new Case(good.replace("{\"network\"", "{\"chainId\":31337,\"network\""), KeyRotationCode.MALFORMED_JSON, null),
            new Case(good.replace("{\"network\"", "{\"memo\":1,\"network\""), KeyRotationCode.MALFORMED_ROTATION, "/memo"),
            new Case(good.replace("\"chainId\":31337,", ""), KeyRotationCode.MALFORMED_ROTATION, "/chainId"),
            new Case(good.replace("\"chainId\":31337", "\"chainId\":31337.0"), KeyRotationCode.MALFORMED_ROTATION, "/chainId"),
            new Case(good.replace("\"chainId\":31337", "\"chainId\":\"31337\""), KeyRotationCode.MALFORMED_ROTATION, "/chainId"),
            new Case(good.replace("\"newSigningAddress\":\"0x", "\"newSigningAddress\":\"0X"), KeyRotationCode.MALFORMED_ROTATION,
                    "/newSigningAddress"),
            new Case(good.replace(sig, sig.substring(0, 130)), KeyRotationCode.MALFORMED_ROTATION, "/newKeySignature"),
            new Case(good.replace("\"issuedAt\":" + message().issuedAt(), "\"issuedAt\":1e12"), KeyRotationCode.MALFORMED_ROTATION,
                    "/issuedAt"),
        }) {
            refused(() -> KeyRotationRequest.parse(c.body().getBytes(StandardCharsets.UTF_8), node), c.code(),
                    c.code().httpStatus(), c.field());
        }
        refused(() -> KeyRotationRequest.parse(good.getBytes(StandardCharsets.UTF_8), otherNodeKey.address()),
                KeyRotationCode.MALFORMED_ROTATION, 400, "/nodeId");
    }
}
