package io.proofmesh.ingest.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.crypto.Addresses;
import io.proofmesh.platform.protocol.KeyRotationMessage;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/nodes/{nodeId}/key-rotation}, parsed strictly (PROTOCOL.md §10):
 * exactly the eight fields, no duplicates, integers without fraction or exponent, canonical
 * addresses, signatures as {@code 0x} + 130 hex digits. Every refusal is
 * {@link KeyRotationCode#MALFORMED_JSON} or {@link KeyRotationCode#MALFORMED_ROTATION} (400)
 * with the field's JSON pointer.
 *
 * @param message           the signed message the fields describe
 * @param operatorSignature 65 bytes r ‖ s ‖ v, unchecked (the verifier decides)
 * @param newKeySignature   65 bytes r ‖ s ‖ v, unchecked
 */
public record KeyRotationRequest(KeyRotationMessage message, byte[] operatorSignature, byte[] newKeySignature) {

    /** The fields in the order they are checked (and listed in PROTOCOL.md §10). */
    static final List<String> FIELDS = List.of("network", "chainId", "nodeId", "previousSigningAddress",
            "newSigningAddress", "issuedAt", "operatorSignature", "newKeySignature");
    private static final Pattern NETWORK = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{130}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final HexFormat HEX = HexFormat.of();

    /**
     * @param body       the request body bytes
     * @param pathNodeId the {@code {nodeId}} of the URL, which must equal the body's
     */
    public static KeyRotationRequest parse(byte[] body, String pathNodeId) throws KeyRotationRefusal {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? "a field appears twice" : "the body is not valid JSON";
            throw new KeyRotationRefusal(KeyRotationCode.MALFORMED_JSON, why, null);
        }
        if (n == null || !n.isObject()) {
            throw new KeyRotationRefusal(KeyRotationCode.MALFORMED_JSON, "the body must be a JSON object", null);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw malformed("/" + f, "unknown field '" + f + "'");
            }
        }
        String network = text(n, "network");
        if (!NETWORK.matcher(network).matches()) {
            throw malformed("/network", "network is 1-64 of a-z 0-9 . _ -, starting with a letter or digit");
        }
        long chainId = integer(n, "chainId");
        if (chainId < 1) {
            throw malformed("/chainId", "chainId must be >= 1");
        }
        String nodeId = address(n, "nodeId");
        if (!nodeId.equals(pathNodeId)) {
            throw malformed("/nodeId", "the body's nodeId must equal the nodeId in the URL");
        }
        String previous = address(n, "previousSigningAddress");
        String next = address(n, "newSigningAddress");
        long issuedAt = integer(n, "issuedAt");
        if (issuedAt < 0) {
            throw malformed("/issuedAt", "issuedAt must be >= 0 (UTC milliseconds)");
        }
        byte[] operatorSignature = signature(n, "operatorSignature");
        byte[] newKeySignature = signature(n, "newKeySignature");
        return new KeyRotationRequest(new KeyRotationMessage(network, chainId, nodeId, previous, next, issuedAt),
                operatorSignature, newKeySignature);
    }

    private static KeyRotationRefusal malformed(String field, String message) {
        return new KeyRotationRefusal(KeyRotationCode.MALFORMED_ROTATION, message, field);
    }

    private static String text(JsonNode n, String field) throws KeyRotationRefusal {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw malformed("/" + field, field + " is required");
        }
        if (!v.isTextual()) {
            throw malformed("/" + field, field + " must be a string");
        }
        return v.asText();
    }

    private static long integer(JsonNode n, String field) throws KeyRotationRefusal {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw malformed("/" + field, field + " is required");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw malformed("/" + field, field + " must be an integer (no fraction or exponent) within 64 bits");
        }
        return v.asLong();
    }

    private static String address(JsonNode n, String field) throws KeyRotationRefusal {
        String v = text(n, field);
        if (!Addresses.isCanonical(v)) {
            throw malformed("/" + field, field + " must be a lower-case 0x address (40 hex digits)");
        }
        return v;
    }

    private static byte[] signature(JsonNode n, String field) throws KeyRotationRefusal {
        String v = text(n, field);
        if (!SIGNATURE.matcher(v).matches()) {
            throw malformed("/" + field, field + " must be 0x + 130 hex digits (r, s, v)");
        }
        return HEX.parseHex(v.substring(2));
    }

    @Override
    public byte[] operatorSignature() {
        return operatorSignature.clone();
    }

    @Override
    public byte[] newKeySignature() {
        return newKeySignature.clone();
    }
}
