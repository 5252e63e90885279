package io.proofmesh.platform.crypto;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** Ethereum addresses as proofmesh writes them: lower-case {@code 0x} + 40 hex digits. */
public final class Addresses {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final HexFormat HEX = HexFormat.of();

    private Addresses() {
    }

    /** The address of an uncompressed public key (65 bytes with the 0x04 prefix, or the 64 bytes after it). */
    public static String fromPublicKey(byte[] publicKey) {
        int off = publicKey.length == 65 ? 1 : 0;
        if (publicKey.length - off != 64) {
            throw new IllegalArgumentException("an uncompressed public key is 64 or 65 bytes, got " + publicKey.length);
        }
        byte[] h = Keccak256.hash(publicKey, off, 64);
        return "0x" + HEX.formatHex(h, 12, 32);
    }

    /** True for the canonical form: lower-case, 0x, 40 hex digits (mixed-case checksummed input must be lowered first). */
    public static boolean isCanonical(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }
}
