package io.proofmesh.platform.crypto;

import java.math.BigInteger;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Signs EIP-191 personal messages with a secp256k1 key (node agents, test fixtures, the
 * ingest receipt key). The private key never leaves this object and is never printed.
 *
 * <p>Signing runs on native libsecp256k1 where it loads (~4x faster than web3j, which matters
 * for ingest: every 202 carries a signed receipt) and on web3j's pure Java elsewhere; both give
 * byte-identical signatures (deterministic RFC 6979, low-s).
 */
public final class MessageSigner {

    private final ECKeyPair key;
    private final String address;
    private final boolean nativeSigning;
    private final byte[] privateKey32;
    private final byte[] publicKey65;

    private MessageSigner(ECKeyPair key, boolean nativeSigning) {
        this.key = key;
        this.address = "0x" + Keys.getAddress(key.getPublicKey()).toLowerCase();
        this.nativeSigning = nativeSigning;
        this.privateKey32 = nativeSigning ? Numeric.toBytesPadded(key.getPrivateKey(), 32) : null;
        this.publicKey65 = nativeSigning ? NativePersonalSigning.publicKey(privateKey32) : null;
    }

    private MessageSigner(ECKeyPair key) {
        this(key, NativePersonalSigning.available());
    }

    /** The same key signing with web3j's pure Java (the fallback; for comparisons and tests). */
    public MessageSigner pureJava() {
        return new MessageSigner(key, false);
    }

    /** Which implementation signs: "native libsecp256k1 (JNI)" or "pure Java (web3j)". */
    public String implementation() {
        return nativeSigning ? "native libsecp256k1 (JNI)" : "pure Java (web3j)";
    }

    public static MessageSigner fromPrivateKey(BigInteger privateKey) {
        return new MessageSigner(ECKeyPair.create(privateKey));
    }

    /** From 32 bytes of hex, with or without 0x. */
    public static MessageSigner fromPrivateKeyHex(String hex) {
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        if (!h.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a private key is 32 bytes of hex (64 digits)");
        }
        return fromPrivateKey(new BigInteger(h, 16));
    }

    public static MessageSigner generate() {
        try {
            return new MessageSigner(Keys.createEcKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a secp256k1 key: " + e.getMessage(), e);
        }
    }

    public String address() {
        return address;
    }

    /** r ‖ s ‖ v (v = 27/28) over the EIP-191 hash of {@code message}; low-s, deterministic (RFC 6979). */
    public byte[] signPersonal(byte[] message) {
        if (nativeSigning) {
            return NativePersonalSigning.sign(Eip191.hash(message), privateKey32, key.getPrivateKey(), publicKey65);
        }
        Sign.SignatureData sig = Sign.signPrefixedMessage(message, key);
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return out;
    }

    @Override
    public String toString() {
        return "MessageSigner[" + address + "]";
    }
}
