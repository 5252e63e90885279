package io.proofmesh.platform.crypto;

import java.nio.charset.StandardCharsets;

/**
 * EIP-191 version 0x45 ("personal_sign"): the hash a wallet, {@code cast wallet sign} or
 * web3j's {@code signPrefixedMessage} signs for a message —
 * {@code keccak256("\x19Ethereum Signed Message:\n" + len(message) + message)}.
 */
public final class Eip191 {

    private static final byte[] PREFIX = "\u0019Ethereum Signed Message:\n".getBytes(StandardCharsets.US_ASCII);

    private Eip191() {
    }

    public static byte[] hash(byte[] message) {
        byte[] len = Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII);
        byte[] prefixed = new byte[PREFIX.length + len.length + message.length];
        System.arraycopy(PREFIX, 0, prefixed, 0, PREFIX.length);
        System.arraycopy(len, 0, prefixed, PREFIX.length, len.length);
        System.arraycopy(message, 0, prefixed, PREFIX.length + len.length, message.length);
        return Keccak256.hash(prefixed);
    }
}
