package io.proofmesh.platform.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A 65-byte Ethereum signature r ‖ s ‖ v. {@code v} is accepted as 27/28 (wallets, cast) or
 * 0/1; {@code s} must be in the lower half of the curve order (EIP-2), so every signature has
 * exactly one valid encoding and cannot be re-encoded to dodge a replay check.
 */
public final class RecoverableSignature {

    /** secp256k1 curve order n and n/2. */
    static final BigInteger N = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    private static final BigInteger HALF_N = N.shiftRight(1);

    private final byte[] compact; // r ‖ s, 64 bytes
    private final int recoveryId; // 0 or 1

    private RecoverableSignature(byte[] compact, int recoveryId) {
        this.compact = compact;
        this.recoveryId = recoveryId;
    }

    /** Parses r ‖ s ‖ v; throws {@link InvalidSignatureException} saying what is wrong. */
    public static RecoverableSignature parse(byte[] rsv) {
        if (rsv == null || rsv.length != 65) {
            throw new InvalidSignatureException("a signature is 65 bytes (r, s, v), got "
                    + (rsv == null ? "none" : rsv.length + " bytes"));
        }
        int v = rsv[64] & 0xff;
        int recId = switch (v) {
            case 27, 28 -> v - 27;
            case 0, 1 -> v;
            default -> throw new InvalidSignatureException("signature v must be 27 or 28 (or 0/1), got " + v);
        };
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(rsv, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rsv, 32, 64));
        if (r.signum() == 0 || r.compareTo(N) >= 0 || s.signum() == 0 || s.compareTo(N) >= 0) {
            throw new InvalidSignatureException("signature r and s must be in [1, n-1]");
        }
        if (s.compareTo(HALF_N) > 0) {
            throw new InvalidSignatureException("signature s is in the upper half of the curve order (EIP-2 forbids it)");
        }
        return new RecoverableSignature(Arrays.copyOf(rsv, 64), recId);
    }

    /** From r ‖ s and a recovery id, e.g. after signing. */
    public static RecoverableSignature of(byte[] compact64, int recoveryId) {
        if (compact64.length != 64 || (recoveryId != 0 && recoveryId != 1)) {
            throw new IllegalArgumentException("need 64 bytes r ‖ s and recovery id 0 or 1");
        }
        return new RecoverableSignature(compact64.clone(), recoveryId);
    }

    public byte[] compact() {
        return compact.clone();
    }

    public int recoveryId() {
        return recoveryId;
    }

    /** r ‖ s ‖ v with v = 27/28, the encoding wallets and {@code cast} use. */
    public byte[] toBytes() {
        byte[] out = Arrays.copyOf(compact, 65);
        out[64] = (byte) (27 + recoveryId);
        return out;
    }
}
