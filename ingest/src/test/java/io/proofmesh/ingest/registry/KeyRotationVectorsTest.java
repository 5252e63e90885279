package io.proofmesh.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.crypto.Eip191;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.crypto.SignerRecovery;
import io.proofmesh.platform.protocol.KeyRotationMessage;
import io.proofmesh.schemas.registry.KeyRotation;
import io.proofmesh.schemas.registry.NodeRegistration;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PROTOCOL.md §10's frozen vectors against the Java implementation (message bytes, signatures, every check). */
class KeyRotationVectorsTest {

    private static final KeyRotationVectors V = KeyRotationVectors.load();
    private static final KeyRotationVectors.Positive P = V.positive;

    private static KeyRotationMessage message() {
        return new KeyRotationMessage(P.s("network"), P.json().path("chainId").asLong(), P.s("nodeId"),
                P.s("previousSigningAddress"), P.s("newSigningAddress"), P.json().path("issuedAt").asLong());
    }

    static List<SignerRecovery> recoveries() {
        return List.of(SignerRecoveries.best(), SignerRecoveries.pureJava());
    }

    @Test
    void theMessageIsTheVectorsTextByteForByte() {
        KeyRotationMessage m = message();
        assertThat(m.text()).isEqualTo(P.s("text"));
        assertThat(m.text()).startsWith("proofmesh-key-rotation-v1\nnetwork:proofmesh-devnet\n").doesNotEndWith("\n");
        assertThat(m.signedMessage()).isEqualTo(KeyRotationVectors.hex(P.s("messageHex")));
        assertThat(m.signedMessage()).hasSize(P.json().path("messageLength").asInt());
        assertThat("0x" + KeyRotationVectors.HEX.formatHex(Eip191.hash(m.signedMessage()))).isEqualTo(P.s("eip191Hash"));
        assertThat(m.requestBody(KeyRotationVectors.hex(P.s("operatorSignature")), KeyRotationVectors.hex(P.s("newKeySignature"))))
                .asString().isEqualTo(P.s("body"));
    }

    @Test
    void bothKeysReproduceTheFrozenSignatures() {
        MessageSigner operator = MessageSigner.fromPrivateKeyHex(P.s("operatorPrivateKey"));
        MessageSigner newKey = MessageSigner.fromPrivateKeyHex(P.s("newPrivateKey"));
        assertThat(operator.address()).isEqualTo(P.s("operatorAddress"));
        assertThat(newKey.address()).isEqualTo(P.s("newSigningAddress")).isEqualTo("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23");
        assertThat(MessageSigner.fromPrivateKeyHex(P.s("previousPrivateKey")).address()).isEqualTo(P.s("previousSigningAddress"));
        assertThat(operator.signPersonal(message().signedMessage())).isEqualTo(KeyRotationVectors.hex(P.s("operatorSignature")));
        assertThat(newKey.signPersonal(message().signedMessage())).isEqualTo(KeyRotationVectors.hex(P.s("newKeySignature")));
    }

    @ParameterizedTest
    @MethodSource("recoveries")
    void thePositiveVectorIsAcceptedAndStoredAsExpected(SignerRecovery recovery) throws Exception {
        KeyRotationVerifier.Verified v = verifier(recovery).verify(KeyRotationRequest.parse(P.body(), P.s("nodeId")),
                V.before(), V.receivedAt);
        KeyRotation r = v.rotation();
        var expected = P.json().path("expectedKeyRotation");
        assertThat(r.getPreviousSigningAddress()).isEqualTo(expected.path("previousSigningAddress").asText());
        assertThat(r.getNewSigningAddress()).isEqualTo(expected.path("newSigningAddress").asText());
        assertThat(r.getRotatedAt().toEpochMilli()).isEqualTo(expected.path("rotatedAt").asLong());
        assertThat("0x" + KeyRotationVectors.HEX.formatHex(bytes(r.getOperatorSignature())))
                .isEqualTo(expected.path("operatorSignature").asText());
    }

    @ParameterizedTest
    @MethodSource("recoveries")
    void theStoredRecordAloneReVerifiesTheOperatorSignature(SignerRecovery recovery) throws Exception {
        KeyRotation stored = verifier(recovery).verify(KeyRotationRequest.parse(P.body(), P.s("nodeId")), V.before(),
                V.receivedAt).rotation();
        KeyRotationMessage rebuilt = KeyRotationMessage.ofStored(V.domain.network(), V.domain.chainId(), P.s("nodeId"), stored);
        assertThat(rebuilt).isEqualTo(message());
        assertThat(rebuilt.signer(recovery, bytes(stored.getOperatorSignature()))).isEqualTo(P.s("operatorAddress"));
        // and a record whose rotatedAt was altered no longer verifies against the operator
        KeyRotation altered = KeyRotation.newBuilder(stored).setRotatedAt(stored.getRotatedAt().plusMillis(1)).build();
        assertThat(KeyRotationMessage.ofStored(V.domain.network(), V.domain.chainId(), P.s("nodeId"), altered)
                .signer(recovery, bytes(altered.getOperatorSignature()))).isNotEqualTo(P.s("operatorAddress"));
    }

    static List<KeyRotationVectors.Negative> negatives() {
        return V.negatives;
    }

    @ParameterizedTest
    @MethodSource("negatives")
    void everyNegativeVectorIsRefusedWithItsCode(KeyRotationVectors.Negative n) throws Exception {
        InMemoryRegistrations registry = V.before();
        KeyRotationVerifier verifier = verifier(SignerRecoveries.best());
        if (n.state().equals("after")) {
            KeyRotationVerifier.Verified done = verifier.verify(KeyRotationRequest.parse(P.body(), P.s("nodeId")), registry,
                    V.receivedAt);
            registry.put(NodeRegistration.newBuilder(done.current()).setSigningAddress(done.rotation().getNewSigningAddress())
                    .setKeyRotation(done.rotation()).build());
        }
        assertThatThrownBy(() -> verifier.verify(KeyRotationRequest.parse(n.body(), P.s("nodeId")), registry, V.receivedAt))
                .isInstanceOfSatisfying(KeyRotationRefusal.class, r -> {
                    assertThat(r.code().name()).isEqualTo(n.expectedCode());
                    assertThat(r.code().httpStatus()).isEqualTo(n.expectedStatus());
                    assertThat(r.field()).isEqualTo(n.expectedField());
                });
    }

    private static KeyRotationVerifier verifier(SignerRecovery recovery) {
        return new KeyRotationVerifier(V.domain, V.maxSkew, recovery);
    }

    static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
