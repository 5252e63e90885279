package io.proofmesh.ingest.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.proofmesh.platform.crypto.Addresses;
import io.proofmesh.schemas.common.Capacity;
import java.net.URI;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An operator's registration of a node, validated field by field; errors name the field as a
 * JSON pointer. {@code signingAddress} is null when the body leaves it out: a new node then signs
 * with the key its identity comes from, and an existing node keeps its current (possibly rotated)
 * key — updating a payout address must never undo a key rotation.
 */
public record RegistrationRequest(String nodeId, String signingAddress, String payoutAddress, String operatorAddress,
                                  String region, String probeEndpoint, Capacity declaredCapacity) {

    private static final Set<String> FIELDS = Set.of("nodeId", "signingAddress", "payoutAddress", "operatorAddress",
            "region", "probeEndpoint", "declaredCapacity");
    private static final Set<String> CAPACITY_FIELDS = Set.of("gpuModel", "gpuCount", "gpuMemoryMb", "cpuCores",
            "memoryMb", "maxConcurrentJobs");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final String ZERO_ADDRESS = "0x" + "0".repeat(40);

    /** A field that is missing or wrong. */
    public static final class InvalidRegistrationException extends Exception {
        private final String field;

        public InvalidRegistrationException(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public static RegistrationRequest parse(JsonNode body) throws InvalidRegistrationException {
        if (body == null || !body.isObject()) {
            throw new InvalidRegistrationException("", "the body must be a JSON object");
        }
        rejectUnknown(body, FIELDS, "");
        String nodeId = address(body, "nodeId");
        String signing = body.has("signingAddress") ? address(body, "signingAddress") : null;
        String payout = address(body, "payoutAddress");
        if (payout.equals(ZERO_ADDRESS)) {
            throw new InvalidRegistrationException("/payoutAddress", "the payout address must not be the zero address");
        }
        String operator = address(body, "operatorAddress");
        String region = text(body, "region", 32);
        if (!REGION.matcher(region).matches()) {
            throw new InvalidRegistrationException("/region", "region is lower-case letters, digits and '-', e.g. eu-west");
        }
        String probe = text(body, "probeEndpoint", 256);
        try {
            URI uri = URI.create(probe);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidRegistrationException("/probeEndpoint", "probeEndpoint must be an http(s) URL with a host");
        }
        JsonNode cap = body.get("declaredCapacity");
        if (cap == null || !cap.isObject()) {
            throw new InvalidRegistrationException("/declaredCapacity", "declaredCapacity must be an object");
        }
        rejectUnknown(cap, CAPACITY_FIELDS, "/declaredCapacity");
        Capacity capacity = Capacity.newBuilder()
                .setGpuModel(text(cap, "gpuModel", 64, "/declaredCapacity"))
                .setGpuCount((int) count(cap, "gpuCount", 1_024))
                .setGpuMemoryMb(count(cap, "gpuMemoryMb", 1L << 40))
                .setCpuCores((int) count(cap, "cpuCores", 65_536))
                .setMemoryMb(count(cap, "memoryMb", 1L << 40))
                .setMaxConcurrentJobs((int) count(cap, "maxConcurrentJobs", 1_000_000))
                .build();
        return new RegistrationRequest(nodeId, signing, payout, operator, region, probe, capacity);
    }

    private static void rejectUnknown(JsonNode obj, Set<String> allowed, String at) throws InvalidRegistrationException {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new InvalidRegistrationException(at + "/" + f, "unknown field '" + f + "'");
            }
        }
    }

    private static String address(JsonNode body, String field) throws InvalidRegistrationException {
        String v = text(body, field, 42);
        if (!Addresses.isCanonical(v)) {
            throw new InvalidRegistrationException("/" + field, field + " must be a lower-case 0x address (40 hex digits)");
        }
        return v;
    }

    private static String text(JsonNode obj, String field, int maxLength) throws InvalidRegistrationException {
        return text(obj, field, maxLength, "");
    }

    private static String text(JsonNode obj, String field, int maxLength, String at) throws InvalidRegistrationException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidRegistrationException(at + "/" + field, field + " is required");
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > maxLength) {
            throw new InvalidRegistrationException(at + "/" + field, field + " must be a string of 1.." + maxLength + " characters");
        }
        return v.asText();
    }

    private static long count(JsonNode obj, String field, long max) throws InvalidRegistrationException {
        JsonNode v = obj.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > max) {
            throw new InvalidRegistrationException("/declaredCapacity/" + field, field + " must be an integer in 0.." + max);
        }
        return v.asLong();
    }
}
