package io.proofmesh.ingest.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.testing.Cast;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §9's probe vectors against Foundry's cast, an implementation the project did not
 * write: cast signs the challenge text with the node key and each result text with the prober
 * key to the frozen signatures, verifies them, and refuses the wrong-key answer for the node.
 */
@Tag("integration")
class ProbeVectorsCastIT {

    private static final ProbeVectors V = ProbeVectors.load();

    @Test
    void castSignsAndVerifiesTheNodesAnswer() throws Exception {
        String message = ProbeVectors.hex(V.challenge.signedMessageBytes()); // 0x-prefixed: cast reads it as bytes
        Cast.Result signed = Cast.run("wallet", "sign", "--private-key", V.challenge.nodePrivateKey(), message);
        assertThat(signed.exit()).as(signed.out()).isZero();
        assertThat(signed.out()).isEqualTo(V.challenge.nodeSignature());
        Cast.Result verified = Cast.run("wallet", "verify", "--address", V.challenge.nodeId(), message,
                V.challenge.nodeSignature());
        assertThat(verified.exit()).as(verified.out()).isZero();
    }

    @Test
    void castRefusesTheWrongKeysAnswerForTheNode() throws Exception {
        Cast.Result verified = Cast.run("wallet", "verify", "--address", V.challenge.nodeId(),
                ProbeVectors.hex(V.challenge.signedMessageBytes()), V.challenge.wrongKeySignature());
        assertThat(verified.exit()).as(verified.out()).isNotZero();
    }

    @Test
    void castSignsAndVerifiesEveryProbeResult() throws Exception {
        for (ProbeVectors.Result r : V.results) {
            String message = ProbeVectors.hex(r.signedMessageBytes());
            Cast.Result signed = Cast.run("wallet", "sign", "--private-key", r.proberPrivateKey(), message);
            assertThat(signed.exit()).as(signed.out()).isZero();
            assertThat(signed.out()).as(r.name()).isEqualTo(r.proberSignature());
            Cast.Result verified = Cast.run("wallet", "verify", "--address", r.proberAddress(), message, r.proberSignature());
            assertThat(verified.exit()).as(r.name() + ": " + verified.out()).isZero();
        }
    }
}
