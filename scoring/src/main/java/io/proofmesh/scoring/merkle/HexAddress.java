package io.proofmesh.scoring.merkle;

/**
 * The text form of addresses in reward data: {@code 0x} + 40 lower-case hex digits, exactly as
 * nodeIds and payout addresses are stored on the topics. One spelling per address keeps lookups
 * by nodeId and the leaf order unambiguous.
 */
public final class HexAddress {

    /** Value of a lower-case hex digit by its char, -1 for anything else. */
    private static final byte[] NIBBLE = new byte[128];

    static {
        java.util.Arrays.fill(NIBBLE, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            NIBBLE[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            NIBBLE[c] = (byte) (c - 'a' + 10);
        }
    }

    private HexAddress() {
    }

    /** {@code value} unchanged if it is a lower-case 0x address; IllegalArgumentException naming {@code what} otherwise. */
    public static String require(String what, String value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(what + " must be 0x + 40 lower-case hex digits, got "
                    + (value == null ? "null" : '"' + value + '"'));
        }
        return value;
    }

    /** As {@link #require(String, String)} for "{@code field} of {@code nodeId}", the message built only on failure. */
    public static String require(String field, String nodeId, String value) {
        return isValid(value) ? value : require(field + " of " + nodeId, value);
    }

    public static boolean isValid(String value) {
        if (value == null || value.length() != 42 || value.charAt(0) != '0' || value.charAt(1) != 'x') {
            return false;
        }
        for (int i = 2; i < 42; i++) {
            if (nibble(value.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Writes the 20 bytes of a valid address into {@code dst} at {@code offset}. */
    static void writeBytes(String address, byte[] dst, int offset) {
        for (int i = 0; i < 20; i++) {
            dst[offset + i] = (byte) ((nibble(address.charAt(2 + 2 * i)) << 4) | nibble(address.charAt(3 + 2 * i)));
        }
    }

    private static int nibble(char c) {
        return c < 128 ? NIBBLE[c] : -1;
    }
}
