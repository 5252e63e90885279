package io.proofmesh.scoring.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

/** The single-block keccak-256 against BouncyCastle's KeccakDigest, at every length around the block. */
class KeccakTest {

    private static byte[] reference(byte[] in, int from, int len) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(in, from, len);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    @Test
    void knownDigests() {
        // keccak256("") and keccak256("abc"), as every Ethereum library gives them
        assertThat(HexFormat.of().formatHex(Keccak.hash(new byte[0])))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(HexFormat.of().formatHex(Keccak.hash("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
                .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    }

    @Test
    void everyLengthUpToTwoBlocksEqualsBouncyCastle() {
        Random random = new Random(1);
        for (int len = 0; len <= 2 * Keccak.RATE + 1; len++) {
            for (int trial = 0; trial < 5; trial++) {
                byte[] buf = new byte[len + 13];
                random.nextBytes(buf);
                int from = trial; // unaligned offsets too
                byte[] out = new byte[40];
                Keccak.hash(buf, from, len, out, 3);
                assertThat(Arrays.copyOfRange(out, 3, 35)).as("length %d", len).isEqualTo(reference(buf, from, len));
            }
        }
    }

    @Test
    void pairHashSortsItsInputsAndMayWriteOverThem() {
        Random random = new Random(2);
        for (int trial = 0; trial < 200; trial++) {
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            random.nextBytes(a);
            random.nextBytes(b);
            if (trial % 10 == 0) {
                System.arraycopy(a, 0, b, 0, 31); // differ only in the last byte
            }
            byte[] lo = Arrays.compareUnsigned(a, b) <= 0 ? a : b;
            byte[] hi = lo == a ? b : a;
            byte[] concat = new byte[64];
            System.arraycopy(lo, 0, concat, 0, 32);
            System.arraycopy(hi, 0, concat, 32, 32);
            byte[] expected = reference(concat, 0, 64);
            byte[] ab = new byte[32];
            byte[] ba = new byte[32];
            Keccak.hashPair(a, 0, b, 0, ab, 0);
            Keccak.hashPair(b, 0, a, 0, ba, 0);
            assertThat(ab).isEqualTo(expected);
            assertThat(ba).isEqualTo(expected);
            byte[] inPlace = a.clone();
            Keccak.hashPair(inPlace, 0, b, 0, inPlace, 0);
            assertThat(inPlace).isEqualTo(expected);
        }
    }
}
