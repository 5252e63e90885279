package io.proofmesh.ingest.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import io.proofmesh.platform.testing.Cast;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md's vectors against Foundry's cast, an implementation the project did not write:
 * cast signs each body to the frozen signature and verifies it, and the tampered-body vector
 * fails cast's verification too.
 */
@Tag("integration")
class ProtocolVectorsCastIT {

    private static final ProtocolVectors VECTORS = ProtocolVectors.load();

    @Test
    void castSignsAndVerifiesEveryPositiveVector() throws Exception {
        for (ProtocolVectors.Positive v : VECTORS.positives) {
            String body = ProtocolVectors.hex(v.bodyBytes()); // 0x-prefixed: cast reads it as bytes
            Cast.Result signed = Cast.run("wallet", "sign", "--private-key", v.privateKey(), body);
            assertThat(signed.exit()).as(signed.out()).isZero();
            assertThat(signed.out()).as(v.name()).isEqualTo(v.signature());
            Cast.Result verified = Cast.run("wallet", "verify", "--address", v.signer(), body, v.signature());
            assertThat(verified.exit()).as(v.name() + ": " + verified.out()).isZero();
        }
    }

    @Test
    void castVerifiesTheReceiptVector() throws Exception {
        ProtocolVectors.ReceiptVector r = VECTORS.receipts.get(0);
        Cast.Result verified = Cast.run("wallet", "verify", "--address", r.ingestAddress(), ProtocolVectors.hex(r.bodyBytes()),
                r.signature());
        assertThat(verified.exit()).as(verified.out()).isZero();
    }

    @Test
    void castRejectsTheTamperedBody() throws Exception {
        ProtocolVectors.Negative tampered = VECTORS.negatives.stream().filter(n -> n.name().equals("tampered-body"))
                .findFirst().orElseThrow();
        Cast.Result verified = Cast.run("wallet", "verify", "--address", VECTORS.positive("heartbeat").signer(),
                ProtocolVectors.hex(tampered.bodyBytes()), tampered.signature());
        assertThat(verified.exit()).as(verified.out()).isNotZero();
    }
}
