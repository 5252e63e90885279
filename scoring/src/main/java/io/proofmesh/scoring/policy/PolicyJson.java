package io.proofmesh.scoring.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The policy file an operator edits and {@code proofmesh policy publish} signs: one JSON object with
 * exactly the content fields of {@link ScoringPolicy}, in any order; tiers as
 * {@code [{"maxMicros": …, "ppm": …}, …]}; {@code emissionPerEpoch} as a decimal string (uint256 does
 * not fit a JSON number every tool reads exactly). Strict: an unknown, missing, duplicate or
 * mistyped field is an IllegalArgumentException whose message starts with the field's path.
 */
public final class PolicyJson {

    /** The content fields in hash order ({@link PolicyHash#CONTENT_TYPES}). */
    public static final List<String> FIELDS = List.of("policyVersion", "effectiveFromEpoch", "heartbeatIntervalSeconds",
            "latencyTiers", "minUptimePpm", "availabilityWeightPpm", "workWeightPpm", "reputationPriorAlphaPpm",
            "reputationPriorBetaPpm", "reputationDecayPpm", "emissionPerEpoch", "publishedAt");

    private static final Set<String> TIER_FIELDS = Set.of("maxMicros", "ppm");

    /** Classpath location of the default policy shipped with proofmesh. */
    public static final String DEFAULT_RESOURCE = "/io/proofmesh/scoring/policy/default-policy.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private PolicyJson() {
    }

    /** The default policy shipped in the jar ({@value #DEFAULT_RESOURCE}). */
    public static ScoringPolicy defaultPolicy() {
        try (InputStream in = PolicyJson.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default policy " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a policy file; IOException if unreadable, IllegalArgumentException (naming the field) if invalid. */
    public static ScoringPolicy read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static ScoringPolicy parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a policy file is one JSON object");
        }
        checkFields(root, Set.copyOf(FIELDS), "");
        JsonNode tiersNode = root.get("latencyTiers");
        if (!tiersNode.isArray()) {
            throw new IllegalArgumentException("latencyTiers must be an array of {maxMicros, ppm}");
        }
        List<LatencyTier> tiers = new ArrayList<>();
        for (int i = 0; i < tiersNode.size(); i++) {
            String path = "latencyTiers[" + i + "]";
            JsonNode t = tiersNode.get(i);
            if (!t.isObject()) {
                throw new IllegalArgumentException(path + " must be an object {maxMicros, ppm}");
            }
            checkFields(t, TIER_FIELDS, path + ".");
            long maxMicros = longValue(t, "maxMicros", path + ".maxMicros");
            int ppm = intValue(t, "ppm", path + ".ppm");
            try {
                tiers.add(new LatencyTier(maxMicros, ppm));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
        }
        JsonNode version = root.get("policyVersion");
        if (!version.isTextual()) {
            throw new IllegalArgumentException("policyVersion must be a string");
        }
        JsonNode emission = root.get("emissionPerEpoch");
        if (!emission.isTextual()) {
            throw new IllegalArgumentException("emissionPerEpoch must be a string of base-10 digits (token base units), "
                    + "e.g. \"1000000000000000000000\" for 1000 tokens of 18 decimals");
        }
        long alpha = longValue(root, "reputationPriorAlphaPpm", "reputationPriorAlphaPpm");
        long beta = longValue(root, "reputationPriorBetaPpm", "reputationPriorBetaPpm");
        PolicyCodec.positive("reputationPriorAlphaPpm", alpha);
        PolicyCodec.positive("reputationPriorBetaPpm", beta);
        long publishedAt = longValue(root, "publishedAt", "publishedAt");
        if (publishedAt < 0) {
            throw new IllegalArgumentException("publishedAt must be >= 0 (UTC milliseconds), got " + publishedAt);
        }
        return new ScoringPolicy(
                version.asText(),
                longValue(root, "effectiveFromEpoch", "effectiveFromEpoch"),
                intValue(root, "heartbeatIntervalSeconds", "heartbeatIntervalSeconds"),
                tiers,
                intValue(root, "minUptimePpm", "minUptimePpm"),
                intValue(root, "availabilityWeightPpm", "availabilityWeightPpm"),
                intValue(root, "workWeightPpm", "workWeightPpm"),
                alpha,
                beta,
                intValue(root, "reputationDecayPpm", "reputationDecayPpm"),
                PolicyCodec.parseEmission(emission.asText()),
                publishedAt);
    }

    /** The file form of a policy: fields in hash order, two-space indent, trailing newline. */
    public static String write(ScoringPolicy p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("policyVersion", p.policyVersion());
        o.put("effectiveFromEpoch", p.effectiveFromEpoch());
        o.put("heartbeatIntervalSeconds", p.heartbeatIntervalSeconds());
        ArrayNode tiers = o.putArray("latencyTiers");
        p.latencyTiers().forEach(t -> tiers.addObject().put("maxMicros", t.maxMicros()).put("ppm", t.ppm()));
        o.put("minUptimePpm", p.minUptimePpm());
        o.put("availabilityWeightPpm", p.availabilityWeightPpm());
        o.put("workWeightPpm", p.workWeightPpm());
        o.put("reputationPriorAlphaPpm", p.reputationPriorAlphaPpm());
        o.put("reputationPriorBetaPpm", p.reputationPriorBetaPpm());
        o.put("reputationDecayPpm", p.reputationDecayPpm());
        o.put("emissionPerEpoch", p.emissionPerEpoch().toString());
        o.put("publishedAt", p.publishedAtMillis());
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same policy with another publication time (what {@code policy publish} stamps before signing). */
    public static ScoringPolicy withPublishedAt(ScoringPolicy p, long publishedAtMillis) {
        return new ScoringPolicy(p.policyVersion(), p.effectiveFromEpoch(), p.heartbeatIntervalSeconds(), p.latencyTiers(),
                p.minUptimePpm(), p.availabilityWeightPpm(), p.workWeightPpm(), p.reputationPriorAlphaPpm(),
                p.reputationPriorBetaPpm(), p.reputationDecayPpm(), p.emissionPerEpoch(), publishedAtMillis);
    }

    /** Unknown fields first (the likelier typo), then missing ones, in the expected order. */
    private static void checkFields(JsonNode object, Set<String> expected, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.contains(name)) {
                throw new IllegalArgumentException(prefix + name + " is not a policy field (expected: "
                        + (prefix.isEmpty() ? String.join(", ", FIELDS) : "maxMicros, ppm") + ")");
            }
        }
        List<String> order = prefix.isEmpty() ? FIELDS : List.of("maxMicros", "ppm");
        for (String name : order) {
            if (!object.has(name) || object.get(name).isNull()) {
                throw new IllegalArgumentException(prefix + name + " is missing");
            }
        }
    }

    private static long longValue(JsonNode object, String name, String path) {
        JsonNode n = object.get(name);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(path + " must be an integer (no fraction, exponent or quotes), got " + n);
        }
        return n.longValue();
    }

    private static int intValue(JsonNode object, String name, String path) {
        JsonNode n = object.get(name);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException(path + " must be an integer of at most 2147483647, got " + n);
        }
        return n.intValue();
    }
}
