package io.proofmesh.platform.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.schemas.registry.KeyRotation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The key-rotation text of PROTOCOL.md §10: its exact lines, its field rules, and re-verification from a stored record. */
class KeyRotationMessageTest {

    private static final String NODE = "0x2b5ad5c4795c026514f8317c7a215e218dccd6cf";
    private static final String NEW = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23";

    @Test
    void theSignedTextIsSevenLinesWithoutATrailingNewline() {
        KeyRotationMessage m = new KeyRotationMessage("proofmesh-devnet", 31337, NODE, NODE, NEW, 1767225500000L);
        assertThat(new String(m.signedMessage(), StandardCharsets.US_ASCII)).isEqualTo(
                "proofmesh-key-rotation-v1\n"
                + "network:proofmesh-devnet\n"
                + "chainId:31337\n"
                + "nodeId:" + NODE + "\n"
                + "previousSigningAddress:" + NODE + "\n"
                + "newSigningAddress:" + NEW + "\n"
                + "issuedAt:1767225500000");
    }

    @Test
    void fieldsOutsideTheirFormAreRefused() {
        assertThatThrownBy(() -> new KeyRotationMessage("Proofmesh", 1, NODE, NODE, NEW, 0))
                .isInstanceOf(KeyRotationMessage.InvalidKeyRotationException.class).hasMessageContaining("network");
        assertThatThrownBy(() -> new KeyRotationMessage("proofmesh-devnet", 0, NODE, NODE, NEW, 0))
                .hasMessageContaining("chainId");
        assertThatThrownBy(() -> new KeyRotationMessage("proofmesh-devnet", 1, NODE, NODE, NEW.toUpperCase().replace("0X", "0x"), 0))
                .hasMessageContaining("newSigningAddress");
        assertThatThrownBy(() -> new KeyRotationMessage("proofmesh-devnet", 1, NODE, "0x12", NEW, 0))
                .hasMessageContaining("previousSigningAddress");
        assertThatThrownBy(() -> new KeyRotationMessage("proofmesh-devnet", 1, NODE, NODE, NEW, -1))
                .hasMessageContaining("issuedAt");
    }

    @Test
    void theRequestBodyCarriesTheFieldsAndBothSignatures() throws Exception {
        MessageSigner operator = MessageSigner.generate();
        MessageSigner next = MessageSigner.generate();
        KeyRotationMessage m = new KeyRotationMessage("proofmesh-devnet", 31337, NODE, NODE, next.address(), 1767225500000L);
        byte[] os = operator.signPersonal(m.signedMessage());
        byte[] ns = next.signPersonal(m.signedMessage());
        JsonNode body = new ObjectMapper().readTree(m.requestBody(os, ns));
        assertThat(body.size()).isEqualTo(8);
        assertThat(body.path("chainId").isIntegralNumber()).isTrue();
        assertThat(body.path("issuedAt").asLong()).isEqualTo(1767225500000L);
        assertThat(body.path("newSigningAddress").asText()).isEqualTo(next.address());
        assertThat(body.path("operatorSignature").asText()).matches("0x[0-9a-f]{130}");
        assertThat(m.signer(SignerRecoveries.best(), os)).isEqualTo(operator.address());
        assertThat(m.signer(SignerRecoveries.best(), ns)).isEqualTo(next.address());
    }

    @Test
    void aStoredRotationRebuildsTheMessageItsOperatorSigned() {
        MessageSigner operator = MessageSigner.generate();
        KeyRotationMessage m = new KeyRotationMessage("proofmesh-devnet", 31337, NODE, NODE, NEW, 1767225500000L);
        KeyRotation stored = KeyRotation.newBuilder().setPreviousSigningAddress(NODE).setNewSigningAddress(NEW)
                .setRotatedAt(Instant.ofEpochMilli(1767225500000L))
                .setOperatorSignature(ByteBuffer.wrap(operator.signPersonal(m.signedMessage()))).build();
        KeyRotationMessage rebuilt = KeyRotationMessage.ofStored("proofmesh-devnet", 31337, NODE, stored);
        assertThat(rebuilt).isEqualTo(m);
        assertThat(rebuilt.signer(SignerRecoveries.pureJava(), stored.getOperatorSignature().array()))
                .isEqualTo(operator.address());
        assertThat(KeyRotationMessage.ofStored("proofmesh-testnet", 31337, NODE, stored)
                .signer(SignerRecoveries.pureJava(), stored.getOperatorSignature().array())).isNotEqualTo(operator.address());
    }
}
