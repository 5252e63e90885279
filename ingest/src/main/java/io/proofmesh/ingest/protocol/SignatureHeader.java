package io.proofmesh.ingest.protocol;

import io.proofmesh.platform.crypto.InvalidSignatureException;
import io.proofmesh.platform.crypto.RecoverableSignature;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The {@code X-Proofmesh-Signature} header: {@code 0x} + 130 hex digits, r ‖ s ‖ v with
 * v = 27 or 28 and s in the lower half of the curve order (EIP-2). The protocol admits exactly
 * one encoding of each signature — no v = 0/1, no high s — so a stored signature is unique.
 */
public final class SignatureHeader {

    public static final String NAME = "X-Proofmesh-Signature";

    private static final Pattern FORMAT = Pattern.compile("0x[0-9a-fA-F]{130}");

    private SignatureHeader() {
    }

    /** The 65 signature bytes; MISSING_SIGNATURE or MALFORMED_SIGNATURE otherwise. */
    public static byte[] parse(String header) throws RejectedRequestException {
        if (header == null || header.isBlank()) {
            throw Rejection.of(ReasonCode.MISSING_SIGNATURE, "header " + NAME + " is required").toException();
        }
        String value = header.strip();
        if (!FORMAT.matcher(value).matches()) {
            throw malformed(NAME + " must be 0x and 130 hex digits (r, s, v), got " + value.length() + " characters");
        }
        byte[] rsv = HexFormat.of().parseHex(value, 2, value.length());
        int v = rsv[64] & 0xff;
        if (v != 27 && v != 28) {
            throw malformed("signature v must be 27 or 28, got " + v);
        }
        try {
            RecoverableSignature.parse(rsv); // r, s in range; low s
        } catch (InvalidSignatureException e) {
            throw malformed(e.getMessage());
        }
        return rsv;
    }

    /** The header value for a signature: {@code 0x} + lower-case hex. */
    public static String format(byte[] rsv) {
        return "0x" + HexFormat.of().formatHex(rsv);
    }

    private static RejectedRequestException malformed(String message) {
        return Rejection.of(ReasonCode.MALFORMED_SIGNATURE, message).toException();
    }
}
