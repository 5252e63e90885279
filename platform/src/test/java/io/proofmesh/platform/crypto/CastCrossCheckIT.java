package io.proofmesh.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import io.proofmesh.platform.testing.Cast;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our EIP-191 signing and recovery against Foundry's cast, an implementation the project did
 * not write: cast verifies what we sign, we recover what cast signs, byte for byte.
 */
@Tag("integration")
class CastCrossCheckIT {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void castVerifiesOurSignaturesAndWeRecoverCastsOnBinaryMessages() throws Exception {
        Random rnd = new Random(7);
        for (int i = 0; i < 4; i++) {
            byte[] key = new byte[32];
            rnd.nextBytes(key);
            key[0] &= 0x7f; // below the curve order
            MessageSigner signer = MessageSigner.fromPrivateKeyHex(HEX.formatHex(key));
            byte[] message = new byte[20 + rnd.nextInt(200)];
            rnd.nextBytes(message);
            String msgHex = "0x" + HEX.formatHex(message); // cast reads 0x-prefixed messages as bytes
            byte[] ours = signer.signPersonal(message);

            Cast.Result verified = Cast.run("wallet", "verify", "--address", signer.address(), msgHex, "0x" + HEX.formatHex(ours));
            assertThat(verified.exit()).as(verified.out()).isZero();

            byte[] tampered = message.clone();
            tampered[0] ^= 1;
            Cast.Result rejected = Cast.run("wallet", "verify", "--address", signer.address(), "0x" + HEX.formatHex(tampered),
                    "0x" + HEX.formatHex(ours));
            assertThat(rejected.exit()).as(rejected.out()).isNotZero();

            Cast.Result signed = Cast.run("wallet", "sign", "--private-key", "0x" + HEX.formatHex(key), msgHex);
            assertThat(signed.exit()).as(signed.out()).isZero();
            byte[] theirs = HEX.parseHex(signed.out().substring(2));
            assertThat(theirs).as("RFC 6979 signatures are deterministic").isEqualTo(ours);
            assertThat(SignerRecoveries.best().recoverPersonalSigner(message, theirs)).isEqualTo(signer.address());
            assertThat(SignerRecoveries.pureJava().recoverPersonalSigner(message, theirs)).isEqualTo(signer.address());
        }
    }

    @Test
    void keccakMatchesCast() throws Exception {
        byte[] data = "proofmesh".getBytes(StandardCharsets.UTF_8);
        Cast.Result r = Cast.run("keccak", "0x" + HEX.formatHex(data));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("0x" + HEX.formatHex(Keccak256.hash(data)));
    }
}
