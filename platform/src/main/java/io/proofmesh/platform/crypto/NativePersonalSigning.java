package io.proofmesh.platform.crypto;

import fr.acinq.secp256k1.Secp256k1;
import java.util.Arrays;

/**
 * Signs 32-byte hashes with libsecp256k1 over JNI. libsecp256k1's {@code ecdsa_sign} uses
 * RFC 6979 nonces and always returns low-s, exactly what web3j (BouncyCastle's
 * HMacDSAKCalculator, then canonicalised s) produces, so the signatures are byte-identical
 * (MessageSignerTest proves it over many keys and messages). The binding has no recoverable
 * signing, so the recovery id is found by one native recovery (try 0; otherwise it is 1):
 * about a quarter of web3j's cost, which recovers up to four candidate keys in pure Java.
 */
final class NativePersonalSigning {

    private static final Secp256k1 SECP = load();

    private NativePersonalSigning() {
    }

    private static Secp256k1 load() {
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
    static byte[] sign(byte[] hash32, byte[] privateKey32, byte[] publicKey65) {
        byte[] compact = SECP.sign(hash32, privateKey32, null);
        int recoveryId = Arrays.equals(SECP.ecdsaRecover(compact, hash32, 0), publicKey65) ? 0 : 1;
        byte[] out = Arrays.copyOf(compact, 65);
        out[64] = (byte) (27 + recoveryId);
        return out;
    }
}
