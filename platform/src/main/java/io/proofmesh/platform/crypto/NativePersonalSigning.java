package io.proofmesh.platform.crypto;

import fr.acinq.secp256k1.Secp256k1;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Signs 32-byte hashes with libsecp256k1 over JNI. libsecp256k1's {@code ecdsa_sign} uses
 * RFC 6979 nonces and always returns low-s, exactly what web3j (BouncyCastle's
 * HMacDSAKCalculator, then canonicalised s) produces, so the signatures are byte-identical
 * (MessageSignerTest proves it over many keys and messages). The binding has no recoverable
 * signing, so the recovery id — the parity of the nonce point R's y — is computed beside it:
 * the same RFC 6979 nonce k (BouncyCastle's HMAC-DRBG, a few µs), R = k·G by libsecp256k1's
 * fixed-base multiplication (cheaper than a recovery), and whether libsecp256k1 negated s to
 * make it low (which negates R). If anything does not line up (a nonce retry, R.x ≥ n, both
 * astronomically rare) it falls back to one native recovery. web3j instead recovers up to four
 * candidate keys in pure Java, which made the receipt cost several times the node's verification.
 */
final class NativePersonalSigning {

    private static final Secp256k1 SECP = load();

    private NativePersonalSigning() {
    }

    /** {@code -Dproofmesh.crypto.signing=pure-java} forces web3j (to compare, or to sidestep a broken native library). */
    static final String FORCE_PROPERTY = "proofmesh.crypto.signing";

    private static Secp256k1 load() {
        if ("pure-java".equals(System.getProperty(FORCE_PROPERTY))) {
            return null;
        }
        try {
            return Secp256k1.get();
        } catch (Throwable t) { // UnsatisfiedLinkError, missing platform jar: callers fall back to web3j
            return null;
        }
    }

    static boolean available() {
        return SECP != null;
    }

    /** The uncompressed public key (65 bytes, 0x04 ‖ x ‖ y) of a 32-byte private key. */
    static byte[] publicKey(byte[] privateKey32) {
        return SECP.pubkeyCreate(privateKey32);
    }

    /** r ‖ s ‖ v (v = 27/28) over {@code hash32}, for the key whose public key is {@code publicKey65}. */
    static byte[] sign(byte[] hash32, byte[] privateKey32, BigInteger privateKey, byte[] publicKey65) {
        byte[] compact = SECP.sign(hash32, privateKey32, null);
        int recoveryId = recoveryIdFromNonce(hash32, privateKey, compact);
        if (recoveryId < 0) {
            recoveryId = recoveryIdByRecovery(hash32, compact, publicKey65);
        }
        byte[] out = Arrays.copyOf(compact, 65);
        out[64] = (byte) (27 + recoveryId);
        return out;
    }

    /** The recovery id from the RFC 6979 nonce, or -1 if the signature was not made with it. */
    static int recoveryIdFromNonce(byte[] hash32, BigInteger d, byte[] compact) {
        BigInteger n = RecoverableSignature.N;
        HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
        nonces.init(n, d, hash32);
        BigInteger k = nonces.nextK();
        byte[] point = SECP.pubkeyCreate(to32(k)); // R = k·G, 0x04 ‖ x ‖ y
        BigInteger rx = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(compact, 0, 32));
        if (rx.compareTo(n) >= 0 || !rx.equals(r)) {
            return -1;
        }
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
        BigInteger z = new BigInteger(1, hash32);
        // s·k ≡ z + r·d (mod n) unless s was negated to the low half, which also negates R (flips y's parity).
        boolean negated = !s.multiply(k).mod(n).equals(z.add(r.multiply(d)).mod(n));
        return (point[64] & 1) ^ (negated ? 1 : 0);
    }

    static int recoveryIdByRecovery(byte[] hash32, byte[] compact, byte[] publicKey65) {
        return Arrays.equals(SECP.ecdsaRecover(compact, hash32, 0), publicKey65) ? 0 : 1;
    }

    private static byte[] to32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, 32 - len, len);
        return out;
    }
}
