package io.proofmesh.scoring.merkle;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * keccak-256 with one BouncyCastle digest per thread, reused: a tree of a million leaves hashes
 * three million times, and web3j's {@code Hash.sha3} allocates a digest per call.
 */
final class Keccak {

    private static final ThreadLocal<KeccakDigest> DIGEST = ThreadLocal.withInitial(() -> new KeccakDigest(256));

    private Keccak() {
    }

    /** keccak256(src[from, from+len)) written to dst[to, to+32). */
    static void hash(byte[] src, int from, int len, byte[] dst, int to) {
        KeccakDigest d = DIGEST.get();
        d.update(src, from, len);
        d.doFinal(dst, to);
    }

    static byte[] hash(byte[] src) {
        byte[] out = new byte[32];
        hash(src, 0, src.length, out, 0);
        return out;
    }

    /**
     * OpenZeppelin's {@code Hashes.commutativeKeccak256}: keccak256 of the two 32-byte nodes, the
     * smaller (unsigned) first, written to dst[to, to+32).
     */
    static void hashPair(byte[] a, int aOff, byte[] b, int bOff, byte[] dst, int to) {
        KeccakDigest d = DIGEST.get();
        if (java.util.Arrays.compareUnsigned(a, aOff, aOff + 32, b, bOff, bOff + 32) <= 0) {
            d.update(a, aOff, 32);
            d.update(b, bOff, 32);
        } else {
            d.update(b, bOff, 32);
            d.update(a, aOff, 32);
        }
        d.doFinal(dst, to);
    }
}
