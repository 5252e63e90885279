package io.proofmesh.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.testing.Cast;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §10's vector against Foundry's cast, an implementation the project did not write:
 * cast signs the rotation text to both frozen signatures and verifies each against its address;
 * the operator signature does not verify for the new key's address, nor over a changed text.
 */
@Tag("integration")
class KeyRotationVectorsCastIT {

    private static final KeyRotationVectors.Positive P = KeyRotationVectors.load().positive;

    @Test
    void castReproducesAndVerifiesBothSignatures() throws Exception {
        String message = P.s("messageHex"); // 0x-prefixed: cast reads it as bytes
        Cast.Result byOperator = Cast.run("wallet", "sign", "--private-key", P.s("operatorPrivateKey"), message);
        assertThat(byOperator.exit()).as(byOperator.out()).isZero();
        assertThat(byOperator.out()).isEqualTo(P.s("operatorSignature"));
        Cast.Result byNewKey = Cast.run("wallet", "sign", "--private-key", P.s("newPrivateKey"), message);
        assertThat(byNewKey.out()).isEqualTo(P.s("newKeySignature"));

        Cast.Result operator = Cast.run("wallet", "verify", "--address", P.s("operatorAddress"), message, P.s("operatorSignature"));
        assertThat(operator.exit()).as(operator.out()).isZero();
        Cast.Result newKey = Cast.run("wallet", "verify", "--address", P.s("newSigningAddress"), message, P.s("newKeySignature"));
        assertThat(newKey.exit()).as(newKey.out()).isZero();
    }

    @Test
    void castRefusesTheWrongAddressAndAChangedText() throws Exception {
        String message = P.s("messageHex");
        Cast.Result swapped = Cast.run("wallet", "verify", "--address", P.s("newSigningAddress"), message, P.s("operatorSignature"));
        assertThat(swapped.exit()).as(swapped.out()).isNotZero();
        String changed = message.substring(0, message.length() - 2) + "31"; // issuedAt's last digit 0 -> 1
        assertThat(changed).isNotEqualTo(message);
        Cast.Result tampered = Cast.run("wallet", "verify", "--address", P.s("operatorAddress"), changed, P.s("operatorSignature"));
        assertThat(tampered.exit()).as(tampered.out()).isNotZero();
    }
}
