package io.proofmesh.simulator.agent;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.platform.protocol.SigningDomain;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class ProbeResponderTest {

    private final MessageSigner key = MessageSigner.fromPrivateKeyHex("0x" + "0".repeat(63) + "1");
    private final ProbeResponder responder = new ProbeResponder(key, key.address(), SigningDomain.DEVNET);

    private static ProbeChallenge challenge(String network, long chainId, String nodeId) {
        return new ProbeChallenge(network, chainId, "prober-1", nodeId, new byte[32]);
    }

    @Test
    void signsAChallengeForItsOwnNodeAndDomain() {
        ProbeChallenge c = challenge("proofmesh-devnet", 31337, key.address());
        ProbeResponder.Answer a = responder.answer(c.toRequestBody());
        assertThat(a.status()).isEqualTo(200);
        byte[] sig = ProbeChallenge.parseAnswer(a.body());
        assertThat(SignerRecoveries.best().recoverPersonalSigner(c.signedMessage(), sig)).isEqualTo(key.address());
    }

    @Test
    void refusesAnotherNodeAnotherDomainAndGarbage() {
        assertThat(responder.answer(challenge("proofmesh-devnet", 31337, "0x" + "ab".repeat(20)).toRequestBody()).status()).isEqualTo(404);
        assertThat(responder.answer(challenge("proofmesh-testnet", 31337, key.address()).toRequestBody()).status()).isEqualTo(403);
        assertThat(responder.answer(challenge("proofmesh-devnet", 1, key.address()).toRequestBody()).status()).isEqualTo(403);
        ProbeResponder.Answer bad = responder.answer("{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(new String(bad.body(), StandardCharsets.UTF_8)).contains("INVALID_CHALLENGE");
    }
}
