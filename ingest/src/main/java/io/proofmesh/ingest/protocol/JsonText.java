package io.proofmesh.ingest.protocol;

/**
 * Writes JSON strings the one way ingest emits them (receipts, error bodies), so the bytes it
 * signs are reproducible: {@code "} and {@code \} escaped with a backslash, control characters
 * below U+0020 as {@code \}{@code u00XX} (lower-case hex), everything else as-is (UTF-8).
 */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
