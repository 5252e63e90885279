package io.proofmesh.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignatureRecoveryTest {

    private static final HexFormat HEX = HexFormat.of();

    // The web3.js documentation's example account and its signature of "Some data" (EIP-191).
    private static final String KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    private static final String ADDRESS = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23";
    private static final String MESSAGE_HASH = "1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655";
    private static final String SIGNATURE = "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd"
            + "6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c";

    private static List<SignerRecovery> implementations() {
        return List.of(SignerRecoveries.best(), SignerRecoveries.pureJava());
    }

    @Test
    void nativeRecoveryLoadsOnThisPlatform() {
        // The project's machines are linux-amd64, where the native jar is served; elsewhere this documents the fallback.
        if (System.getProperty("os.name").toLowerCase().contains("linux") && System.getProperty("os.arch").contains("64")) {
            assertThat(SignerRecoveries.best().implementation()).contains("native");
        }
    }

    @Test
    void keccakAndEip191MatchPublishedValues() {
        assertThat(HEX.formatHex(Keccak256.hash(new byte[0])))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(HEX.formatHex(Eip191.hash("Some data".getBytes(StandardCharsets.UTF_8)))).isEqualTo(MESSAGE_HASH);
    }

    @Test
    void aPublishedSignatureRecoversToItsSignerWithBothImplementations() {
        for (SignerRecovery r : implementations()) {
            assertThat(r.recoverPersonalSigner("Some data".getBytes(StandardCharsets.UTF_8), HEX.parseHex(SIGNATURE)))
                    .as(r.implementation()).isEqualTo(ADDRESS);
        }
    }

    @Test
    void signingIsDeterministicAndMatchesThePublishedSignature() {
        MessageSigner signer = MessageSigner.fromPrivateKeyHex(KEY);
        assertThat(signer.address()).isEqualTo(ADDRESS);
        assertThat(HEX.formatHex(signer.signPersonal("Some data".getBytes(StandardCharsets.UTF_8)))).isEqualTo(SIGNATURE);
        assertThat(signer.toString()).doesNotContain(KEY);
    }

    @Test
    void nativeAndPureJavaAgreeOnRandomKeysAndMessagesAndATamperedMessageRecoversSomeoneElse() {
        Random rnd = new Random(42);
        for (int i = 0; i < 50; i++) {
            MessageSigner signer = MessageSigner.fromPrivateKey(new BigInteger(255, rnd).add(BigInteger.ONE));
            byte[] msg = new byte[rnd.nextInt(300)];
            rnd.nextBytes(msg);
            byte[] sig = signer.signPersonal(msg);
            for (SignerRecovery r : implementations()) {
                assertThat(r.recoverPersonalSigner(msg, sig)).as(r.implementation()).isEqualTo(signer.address());
            }
            byte[] tampered = java.util.Arrays.copyOf(msg, msg.length + 1);
            for (SignerRecovery r : implementations()) {
                String other;
                try {
                    other = r.recoverPersonalSigner(tampered, sig);
                } catch (InvalidSignatureException e) {
                    other = "none";
                }
                assertThat(other).as(r.implementation()).isNotEqualTo(signer.address());
            }
        }
    }

    @Test
    void malformedSignaturesAreRejectedSayingWhy() {
        byte[] good = HEX.parseHex(SIGNATURE);
        assertThatThrownBy(() -> RecoverableSignature.parse(new byte[64])).hasMessageContaining("65 bytes");
        byte[] badV = good.clone();
        badV[64] = 29;
        assertThatThrownBy(() -> RecoverableSignature.parse(badV)).hasMessageContaining("v must be 27 or 28");
        // Flip s to n - s: the same signature in its high-s form, which EIP-2 forbids (malleability).
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(good, 32, 64));
        byte[] highS = good.clone();
        byte[] flipped = RecoverableSignature.N.subtract(s).toByteArray();
        System.arraycopy(flipped, flipped.length - 32, highS, 32, 32);
        highS[64] = (byte) (good[64] == 27 ? 28 : 27);
        assertThatThrownBy(() -> RecoverableSignature.parse(highS)).hasMessageContaining("upper half");
        byte[] zeroR = good.clone();
        java.util.Arrays.fill(zeroR, 0, 32, (byte) 0);
        assertThatThrownBy(() -> RecoverableSignature.parse(zeroR)).hasMessageContaining("[1, n-1]");
        assertThat(RecoverableSignature.parse(good).toBytes()).isEqualTo(good);
    }

    @Test
    void addressesAreLowerCaseHex() {
        assertThat(Addresses.isCanonical(ADDRESS)).isTrue();
        assertThat(Addresses.isCanonical("0x2C7536E3605D9C16a7a3D7b1898e529396a65c23")).isFalse();
        assertThat(Addresses.isCanonical("2c7536e3605d9c16a7a3d7b1898e529396a65c23")).isFalse();
    }
}
