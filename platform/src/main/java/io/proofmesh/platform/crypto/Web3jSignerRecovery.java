package io.proofmesh.platform.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Sign;

/** Pure-Java recovery (web3j / BouncyCastle): the fallback where the native library cannot load. */
final class Web3jSignerRecovery implements SignerRecovery {

    @Override
    public String recoverAddress(byte[] hash32, RecoverableSignature signature) {
        byte[] c = signature.compact();
        ECDSASignature sig = new ECDSASignature(new BigInteger(1, Arrays.copyOfRange(c, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(c, 32, 64)));
        BigInteger pub = Sign.recoverFromSignature(signature.recoveryId(), sig, hash32);
        if (pub == null) {
            throw new InvalidSignatureException("signature does not recover to a public key");
        }
        byte[] raw = pub.toByteArray();
        byte[] key = new byte[64];
        int n = Math.min(raw.length, 64);
        System.arraycopy(raw, raw.length - n, key, 64 - n, n);
        return Addresses.fromPublicKey(key);
    }

    @Override
    public String implementation() {
        return "pure Java (web3j)";
    }
}
