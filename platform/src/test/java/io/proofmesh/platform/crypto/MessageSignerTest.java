package io.proofmesh.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Native signing must be a drop-in for web3j's: the very same bytes for every key and message. */
class MessageSignerTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void signsNativelyOnThisPlatform() {
        if (System.getProperty("os.name").toLowerCase().contains("linux") && System.getProperty("os.arch").contains("64")) {
            assertThat(MessageSigner.generate().implementation()).contains("native");
        }
        assertThat(MessageSigner.generate().pureJava().implementation()).contains("pure Java");
    }

    @Test
    void nativeAndWeb3jSignaturesAreByteIdenticalOverManyKeysAndMessages() {
        Random rnd = new Random(20261126);
        int recoveryIdOne = 0;
        for (int k = 0; k < 300; k++) {
            MessageSigner signer = k < 3 ? MessageSigner.fromPrivateKey(BigInteger.valueOf(k + 1)) : MessageSigner.generate();
            MessageSigner web3j = signer.pureJava();
            for (int m = 0; m < 4; m++) {
                byte[] message = new byte[rnd.nextInt(600)];
                rnd.nextBytes(message);
                byte[] fast = signer.signPersonal(message);
                byte[] reference = web3j.signPersonal(message);
                assertThat(HEX.formatHex(fast)).as("key %d message %d", k, m).isEqualTo(HEX.formatHex(reference));
                assertThat(SignerRecoveries.best().recoverPersonalSigner(message, fast)).isEqualTo(signer.address());
                recoveryIdOne += fast[64] == 28 ? 1 : 0;
            }
        }
        // Both recovery ids occur (about half each), so the v computation is exercised both ways.
        assertThat(recoveryIdOne).isBetween(450, 750);
    }

    @Test
    void recoveryIdFromTheNonceAgreesWithRecovery() {
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            BigInteger d = new BigInteger(255, rnd).add(BigInteger.ONE);
            byte[] priv = org.web3j.utils.Numeric.toBytesPadded(d, 32);
            byte[] hash = new byte[32];
            rnd.nextBytes(hash);
            byte[] compact = fr.acinq.secp256k1.Secp256k1.get().sign(hash, priv, null);
            byte[] pub = NativePersonalSigning.publicKey(priv);
            assertThat(NativePersonalSigning.recoveryIdFromNonce(hash, d, compact))
                    .isEqualTo(NativePersonalSigning.recoveryIdByRecovery(hash, compact, pub));
        }
    }

    @Test
    void reproducesTheWeb3jsDocumentationSignature() {
        // web3.js docs: account 0x2c75…5c23 signs "Some data" (EIP-191).
        MessageSigner signer = MessageSigner.fromPrivateKeyHex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
        String expected = "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd"
                + "6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c";
        byte[] message = "Some data".getBytes(StandardCharsets.UTF_8);
        assertThat(HEX.formatHex(signer.signPersonal(message))).isEqualTo(expected);
        assertThat(HEX.formatHex(signer.pureJava().signPersonal(message))).isEqualTo(expected);
    }
}
