package io.proofmesh.ingest.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random valid protocol-v1 bodies, each changed by one random mutation, together with what
 * PROTOCOL.md says ingest must answer for it. The expectation is derived from the protocol's
 * tables (ranges, lengths, forms, check order), mutation by mutation, not by running the parser,
 * so a property over these cases tests the parser against the specification.
 *
 * <p>Only one thing is wrong with a case (or nothing), so the first-failure rule of §4 never has
 * to choose between two problems. Serialisation varies too (field order, whitespace), which must
 * not change the answer because the signature covers whatever bytes were sent.
 */
public final class BodyMutations {

    public static final String NETWORK = "proofmesh-devnet";
    public static final long CHAIN_ID = 31337;
    public static final long MAX_SKEW_MILLIS = 300_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final long IMAX = Integer.MAX_VALUE;
    private static final long LMAX = Long.MAX_VALUE;
    private static final Set<String> KINDS = Set.of("heartbeat", "capacity", "jobResult");
    private static final Set<String> STATUSES = Set.of("OK", "INVALID_INPUT", "UNKNOWN_MODEL", "DEADLINE_EXCEEDED", "FAILED");
    private static final Set<String> TOP_FIELDS = Set.of("v", "network", "chainId", "nodeId", "seq", "sentAt", "events");

    /** What ingest must answer: accepted, or refused with a code at a JSON pointer (null = no field). */
    public record Expectation(ReasonCode code, String field) {
        public static final Expectation ACCEPTED = new Expectation(null, null);

        public boolean accepted() {
            return code == null;
        }

        @Override
        public String toString() {
            return accepted() ? "accepted" : code + (field == null ? "" : " at " + field);
        }
    }

    /**
     * One case. {@code nodeId}, {@code seq} and {@code sentAt} are filled in when rendered (the
     * sender knows its key, its next seq and the clock) unless the mutation is about them.
     */
    public record Case(String mutation, ObjectNode tree, Expectation expected, long sentAtOffset, boolean ownsNodeId,
                       boolean ownsSentAt, boolean signWithOtherKey, long layoutSeed) {

        public byte[] render(String nodeId, long seq, long nowMillis) {
            ObjectNode t = tree.deepCopy();
            if (!ownsNodeId) {
                t.put("nodeId", nodeId);
            }
            t.put("seq", seq);
            if (!ownsSentAt) {
                t.put("sentAt", nowMillis + sentAtOffset);
            }
            Random r = new Random(layoutSeed);
            JsonNode laidOut = r.nextInt(3) == 0 ? shuffled(t, r) : t;
            try {
                return r.nextInt(4) == 0 ? JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(laidOut)
                        : JSON.writeValueAsBytes(laidOut);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return mutation + " -> " + expected;
        }
    }

    private BodyMutations() {
    }

    /** A valid body (1–5 events of random kinds, random in-range values) with one random mutation. */
    public static Case generate(Random r) {
        ObjectNode body = validBody(r);
        long layout = r.nextLong();
        int pick = r.nextInt(100);
        if (pick < 10) {
            return new Case("none", body, Expectation.ACCEPTED, offsetWithin(r), false, false, false, layout);
        }
        if (pick < 35) {
            return integerMutation(r, body, layout);
        }
        if (pick < 50) {
            return stringMutation(r, body, layout);
        }
        if (pick < 60) {
            return typeMutation(r, body, layout);
        }
        if (pick < 67) {
            return missingField(r, body, layout);
        }
        if (pick < 74) {
            return unknownField(r, body, layout);
        }
        if (pick < 82) {
            return skewMutation(r, body, layout);
        }
        if (pick < 86) {
            return domainMutation(r, body, layout);
        }
        if (pick < 89) {
            return kindMutation(r, body, layout);
        }
        if (pick < 92) {
            return eventCountMutation(r, body, layout);
        }
        if (pick < 95) {
            return jobStatusMutation(r, body, layout);
        }
        if (pick < 97) {
            return formatMutation(r, body, layout);
        }
        return new Case("signed by another registered key", body, new Expectation(ReasonCode.SIGNER_MISMATCH, null),
                offsetWithin(r), false, false, true, layout);
    }

    // ---- valid bodies ----------------------------------------------------------------------

    static ObjectNode validBody(Random r) {
        ObjectNode b = F.objectNode();
        b.put("v", 1);
        b.put("network", NETWORK);
        b.put("chainId", CHAIN_ID);
        b.put("nodeId", "0x0000000000000000000000000000000000000000");
        b.put("seq", 0);
        b.put("sentAt", 0);
        ArrayNode events = b.putArray("events");
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            events.add(validEvent(r));
        }
        return b;
    }

    static ObjectNode validEvent(Random r) {
        ObjectNode e = F.objectNode();
        switch (r.nextInt(3)) {
            case 0 -> {
                e.put("kind", "heartbeat");
                e.put("uptimeSeconds", inRange(r, 0, LMAX));
                e.put("cpuLoadPpm", inRange(r, 0, 1_000_000));
                e.put("gpuLoadPpm", inRange(r, 0, 1_000_000));
                e.put("activeJobs", inRange(r, 0, IMAX));
                e.put("agentVersion", cleanString(r, 1, 64));
            }
            case 1 -> {
                e.put("kind", "capacity");
                ObjectNode c = e.putObject("capacity");
                c.put("gpuModel", cleanString(r, 0, 128));
                c.put("gpuCount", inRange(r, 0, IMAX));
                c.put("gpuMemoryMb", inRange(r, 0, LMAX));
                c.put("cpuCores", inRange(r, 0, IMAX));
                c.put("memoryMb", inRange(r, 0, LMAX));
                long max = inRange(r, 0, IMAX);
                c.put("maxConcurrentJobs", max);
                e.put("availableSlots", inRange(r, 0, max));
            }
            default -> {
                e.put("kind", "jobResult");
                e.put("jobId", cleanString(r, 1, 128));
                e.put("modelId", cleanString(r, 1, 128));
                boolean ok = r.nextBoolean();
                e.put("status", ok ? "OK" : pickNonOk(r));
                if (r.nextBoolean()) {
                    e.put("statusMessage", cleanString(r, 0, 200) + (r.nextBoolean() ? "\n\tdetails\r\n" : ""));
                }
                ArrayNode outputs = e.putArray("outputs");
                if (ok && r.nextBoolean()) {
                    ObjectNode t = outputs.addObject();
                    t.put("name", "scores");
                    t.put("dtype", "FLOAT32");
                    t.putArray("shape").add(1).add(2);
                    t.put("data", "AACAPwAAAEA="); // 1.0f, 2.0f little-endian
                }
                e.put("outputsTruncated", r.nextBoolean());
                byte[] digest = new byte[32];
                r.nextBytes(digest);
                e.put("outputDigest", "0x" + HexFormat.of().formatHex(digest));
                e.put("queueMs", inRange(r, 0, LMAX));
                e.put("computeMs", inRange(r, 0, LMAX));
                e.put("executionProvider", cleanString(r, 1, 64));
                e.put("completedAt", inRange(r, 0, LMAX));
            }
        }
        return e;
    }

    // ---- mutations ---------------------------------------------------------------------------

    /** An integer field of an event: path below the event, and its range per §3.3. */
    private record IntField(List<String> path, long min, long max) {
    }

    private static final Map<String, List<IntField>> INT_FIELDS = Map.of(
            "heartbeat", List.of(f("uptimeSeconds", 0, LMAX), f("cpuLoadPpm", 0, 1_000_000), f("gpuLoadPpm", 0, 1_000_000),
                    f("activeJobs", 0, IMAX)),
            "capacity", List.of(new IntField(List.of("capacity", "gpuCount"), 0, IMAX),
                    new IntField(List.of("capacity", "gpuMemoryMb"), 0, LMAX), new IntField(List.of("capacity", "cpuCores"), 0, IMAX),
                    new IntField(List.of("capacity", "memoryMb"), 0, LMAX),
                    new IntField(List.of("capacity", "maxConcurrentJobs"), 0, IMAX), f("availableSlots", 0, IMAX)),
            "jobResult", List.of(f("queueMs", 0, LMAX), f("computeMs", 0, LMAX), f("completedAt", 0, LMAX)));

    private record StrField(List<String> path, int min, int max, boolean optional, boolean lineBreaks) {
    }

    private static final Map<String, List<StrField>> STRING_FIELDS = Map.of(
            "heartbeat", List.of(new StrField(List.of("agentVersion"), 1, 64, false, false)),
            "capacity", List.of(new StrField(List.of("capacity", "gpuModel"), 0, 128, false, false)),
            "jobResult", List.of(new StrField(List.of("jobId"), 1, 128, false, false),
                    new StrField(List.of("modelId"), 1, 128, false, false),
                    new StrField(List.of("statusMessage"), 0, 1024, true, true),
                    new StrField(List.of("executionProvider"), 1, 64, false, false)));

    private static IntField f(String name, long min, long max) {
        return new IntField(List.of(name), min, max);
    }

    private static Case integerMutation(Random r, ObjectNode body, long layout) {
        int i = randomEvent(r, body);
        ObjectNode event = event(body, i);
        List<IntField> fields = INT_FIELDS.get(event.get("kind").asText());
        IntField field = fields.get(r.nextInt(fields.size()));
        ObjectNode parent = parentOf(event, field.path());
        String name = last(field.path());
        String pointer = pointer(i, field.path());
        BigInteger value = candidate(r, field.min(), field.max());
        parent.put(name, value);
        String what = "integer " + pointer + " = " + value;
        boolean inRange = value.compareTo(BigInteger.valueOf(field.min())) >= 0 && value.compareTo(BigInteger.valueOf(field.max())) <= 0;
        if (!inRange) {
            return new Case(what, body, new Expectation(ReasonCode.OUT_OF_RANGE, pointer), 0, false, false, false, layout);
        }
        // The one cross-field rule: availableSlots ≤ capacity.maxConcurrentJobs (§3.3).
        if (event.get("kind").asText().equals("capacity")) {
            long slots = event.get("availableSlots").asLong();
            long max = event.get("capacity").get("maxConcurrentJobs").asLong();
            if (slots > max) {
                return new Case(what, body, new Expectation(ReasonCode.OUT_OF_RANGE, pointer(i, List.of("availableSlots"))), 0,
                        false, false, false, layout);
            }
        }
        return new Case(what, body, Expectation.ACCEPTED, 0, false, false, false, layout);
    }

    private static Case stringMutation(Random r, ObjectNode body, long layout) {
        int i = randomEvent(r, body);
        ObjectNode event = event(body, i);
        List<StrField> fields = STRING_FIELDS.get(event.get("kind").asText());
        StrField field = fields.get(r.nextInt(fields.size()));
        String pointer = pointer(i, field.path());
        String value = anyString(r, field.max() + 3);
        parentOf(event, field.path()).put(last(field.path()), value);
        String what = "string " + pointer + " = " + JSON.valueToTree(value);
        int chars = value.codePointCount(0, value.length());
        if (chars < field.min() || chars > field.max()) {
            return new Case(what, body, new Expectation(ReasonCode.OUT_OF_RANGE, pointer), 0, false, false, false, layout);
        }
        for (char c : value.toCharArray()) {
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f); // §3.1: Unicode category Cc
            boolean allowed = field.lineBreaks() && (c == '\n' || c == '\r' || c == '\t');
            if (control && !allowed) {
                return new Case(what, body, new Expectation(ReasonCode.INVALID_FORMAT, pointer), 0, false, false, false, layout);
            }
        }
        return new Case(what, body, Expectation.ACCEPTED, 0, false, false, false, layout);
    }

    /** A field's value replaced by one of another JSON type (null is fine only where optional). */
    private static Case typeMutation(Random r, ObjectNode body, long layout) {
        int i = randomEvent(r, body);
        ObjectNode event = event(body, i);
        String kind = event.get("kind").asText();
        boolean integer = r.nextBoolean();
        List<String> path;
        boolean optional = false;
        if (integer) {
            List<IntField> fields = INT_FIELDS.get(kind);
            path = fields.get(r.nextInt(fields.size())).path();
        } else {
            List<StrField> fields = STRING_FIELDS.get(kind);
            StrField s = fields.get(r.nextInt(fields.size()));
            path = s.path();
            optional = s.optional();
        }
        JsonNode replacement = switch (r.nextInt(integer ? 7 : 6)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.arrayNode().add(1);
            case 3 -> F.objectNode().put("x", 1);
            case 4 -> integer ? F.textNode("12") : F.numberNode(12);
            case 5 -> integer ? F.numberNode(2.0) : F.numberNode(1.5);
            default -> F.numberNode(1e3); // an exponent is not an integer (§3.1)
        };
        parentOf(event, path).set(last(path), replacement);
        String pointer = pointer(i, path);
        String what = "type " + pointer + " = " + replacement;
        if (replacement.isNull() && optional) {
            return new Case(what, body, Expectation.ACCEPTED, 0, false, false, false, layout);
        }
        return new Case(what, body, new Expectation(ReasonCode.WRONG_TYPE, pointer), 0, false, false, false, layout);
    }

    private static Case missingField(Random r, ObjectNode body, long layout) {
        if (r.nextInt(4) == 0) {
            List<String> top = List.of("v", "network", "chainId", "events");
            String name = top.get(r.nextInt(top.size()));
            body.remove(name);
            return new Case("missing /" + name, body, new Expectation(ReasonCode.MISSING_FIELD, "/" + name), 0, false, false,
                    false, layout);
        }
        int i = randomEvent(r, body);
        ObjectNode event = event(body, i);
        List<String> names = new ArrayList<>();
        event.fieldNames().forEachRemaining(names::add);
        String name = names.get(r.nextInt(names.size()));
        event.remove(name);
        String pointer = pointer(i, List.of(name));
        Expectation e = name.equals("statusMessage") ? Expectation.ACCEPTED : new Expectation(ReasonCode.MISSING_FIELD, pointer);
        return new Case("missing " + pointer, body, e, 0, false, false, false, layout);
    }

    private static Case unknownField(Random r, ObjectNode body, long layout) {
        String name = anyString(r, 12);
        int where = r.nextInt(3);
        ObjectNode target;
        String parentPointer;
        Set<String> known;
        if (where == 0) {
            target = body;
            parentPointer = "";
            known = TOP_FIELDS;
        } else {
            int i = randomEvent(r, body);
            target = event(body, i);
            parentPointer = "/events/" + i;
            Set<String> k = new java.util.HashSet<>();
            target.fieldNames().forEachRemaining(k::add);
            if (target.get("kind").asText().equals("jobResult")) {
                k.add("statusMessage");
            }
            if (where == 2 && target.has("capacity")) {
                target = (ObjectNode) target.get("capacity");
                parentPointer += "/capacity";
                k = new java.util.HashSet<>();
                target.fieldNames().forEachRemaining(k::add);
            }
            known = k;
        }
        if (known.contains(name)) {
            name = name + "_extra";
        }
        target.put(name, r.nextInt(10));
        String pointer = parentPointer + "/" + name.replace("~", "~0").replace("/", "~1");
        return new Case("unknown field " + pointer, body, new Expectation(ReasonCode.UNKNOWN_FIELD, pointer), 0, false, false,
                false, layout);
    }

    /** sentAt relative to the receive time; the bound is inclusive (§3.2). */
    private static Case skewMutation(Random r, ObjectNode body, long layout) {
        long offset = switch (r.nextInt(4)) {
            case 0 -> MAX_SKEW_MILLIS + 1 + r.nextInt(3_600_000);
            case 1 -> -MAX_SKEW_MILLIS - 1 - r.nextInt(3_600_000);
            default -> offsetWithin(r);
        };
        Expectation e = Math.abs(offset) > MAX_SKEW_MILLIS ? new Expectation(ReasonCode.CLOCK_SKEW, "/sentAt") : Expectation.ACCEPTED;
        return new Case("sentAt offset " + offset + " ms", body, e, offset, false, false, false, layout);
    }

    private static Case domainMutation(Random r, ObjectNode body, long layout) {
        if (r.nextBoolean()) {
            String other = List.of("proofmesh-testnet", "proofmesh-mainnet", "devnet", "proofmesh.devnet").get(r.nextInt(4));
            body.put("network", other);
            return new Case("network " + other, body, new Expectation(ReasonCode.WRONG_DOMAIN, "/network"), 0, false, false,
                    false, layout);
        }
        long chain = List.of(1L, 5L, 137L, 31338L, LMAX).get(r.nextInt(5));
        body.put("chainId", chain);
        return new Case("chainId " + chain, body, new Expectation(ReasonCode.WRONG_DOMAIN, "/chainId"), 0, false, false, false,
                layout);
    }

    private static Case kindMutation(Random r, ObjectNode body, long layout) {
        int i = randomEvent(r, body);
        String kind = anyString(r, 12);
        if (KINDS.contains(kind)) {
            kind = kind + "2";
        }
        event(body, i).put("kind", kind);
        return new Case("kind " + JSON.valueToTree(kind), body, new Expectation(ReasonCode.UNKNOWN_EVENT_KIND, pointer(i, List.of("kind"))),
                0, false, false, false, layout);
    }

    private static Case eventCountMutation(Random r, ObjectNode body, long layout) {
        ArrayNode events = (ArrayNode) body.get("events");
        int n = List.of(0, 100, 101, 120).get(r.nextInt(4));
        events.removeAll();
        for (int i = 0; i < n; i++) {
            ObjectNode hb = F.objectNode();
            hb.put("kind", "heartbeat").put("uptimeSeconds", i).put("cpuLoadPpm", 1).put("gpuLoadPpm", 0).put("activeJobs", 0)
                    .put("agentVersion", "a");
            events.add(hb);
        }
        Expectation e = n == 0 ? new Expectation(ReasonCode.NO_EVENTS, "/events")
                : n > 100 ? new Expectation(ReasonCode.TOO_MANY_EVENTS, "/events") : Expectation.ACCEPTED;
        return new Case(n + " events", body, e, 0, false, false, false, layout);
    }

    /** status symbols, and outputs only with OK (§3.3). */
    private static Case jobStatusMutation(Random r, ObjectNode body, long layout) {
        ObjectNode job = validEvent(r);
        while (!job.get("kind").asText().equals("jobResult")) {
            job = validEvent(r);
        }
        ArrayNode events = (ArrayNode) body.get("events");
        events.add(job);
        int i = events.size() - 1;
        String status = r.nextBoolean() ? List.copyOf(STATUSES).get(r.nextInt(STATUSES.size())) : anyString(r, 20);
        job.put("status", status);
        boolean withOutput = r.nextBoolean();
        ArrayNode outputs = job.putArray("outputs");
        if (withOutput) {
            ObjectNode t = outputs.addObject();
            t.put("name", "scores");
            t.put("dtype", "INT64");
            t.putArray("shape").add(1);
            t.put("data", "KgAAAAAAAAA="); // 42 as int64 little-endian
        }
        String what = "status " + JSON.valueToTree(status) + (withOutput ? " with an output" : " without outputs");
        if (!STATUSES.contains(status)) {
            return new Case(what, body, new Expectation(ReasonCode.OUT_OF_RANGE, pointer(i, List.of("status"))), 0, false, false,
                    false, layout);
        }
        if (withOutput && !status.equals("OK")) {
            return new Case(what, body, new Expectation(ReasonCode.OUT_OF_RANGE, pointer(i, List.of("outputs"))), 0, false, false,
                    false, layout);
        }
        return new Case(what, body, Expectation.ACCEPTED, 0, false, false, false, layout);
    }

    /** Strings of the right type in the wrong form (§3.2, §3.3). */
    private static Case formatMutation(Random r, ObjectNode body, long layout) {
        switch (r.nextInt(3)) {
            case 0 -> {
                body.put("nodeId", "0x7E5F4552091A69125D5DFCB7B8C2659029395BDF");
                return new Case("upper-case nodeId", body, new Expectation(ReasonCode.INVALID_FORMAT, "/nodeId"), 0, true, false,
                        false, layout);
            }
            case 1 -> {
                body.put("network", "Proofmesh-Devnet");
                return new Case("network with capitals", body, new Expectation(ReasonCode.INVALID_FORMAT, "/network"), 0, false,
                        false, false, layout);
            }
            default -> {
                ObjectNode job = validEvent(r);
                while (!job.get("kind").asText().equals("jobResult")) {
                    job = validEvent(r);
                }
                ArrayNode events = (ArrayNode) body.get("events");
                events.add(job);
                job.put("outputDigest", "0x" + "AB".repeat(32));
                return new Case("outputDigest in capitals", body,
                        new Expectation(ReasonCode.INVALID_FORMAT, pointer(events.size() - 1, List.of("outputDigest"))), 0, false,
                        false, false, layout);
            }
        }
    }

    // ---- values ------------------------------------------------------------------------------

    /** Edges, just-outside values, anything in 64 bits, and numbers beyond 64 bits. */
    private static BigInteger candidate(Random r, long min, long max) {
        return switch (r.nextInt(9)) {
            case 0 -> BigInteger.valueOf(min);
            case 1 -> BigInteger.valueOf(max);
            case 2 -> BigInteger.valueOf(min).subtract(BigInteger.ONE);
            case 3 -> BigInteger.valueOf(max).add(BigInteger.ONE);
            case 4 -> BigInteger.valueOf(r.nextLong());
            case 5 -> BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(r.nextInt(1000)));
            case 6 -> BigInteger.valueOf(Long.MIN_VALUE);
            default -> BigInteger.valueOf(inRange(r, min, max));
        };
    }

    static long inRange(Random r, long min, long max) {
        if (r.nextInt(8) == 0) {
            return r.nextBoolean() ? min : max;
        }
        long span = max - min;
        return span < 0 || span == LMAX ? min + (r.nextLong() & LMAX) % (span < 0 ? LMAX : span) : min + (long) (r.nextDouble() * (span + 1));
    }

    private static long offsetWithin(Random r) {
        // ±(skew − 5 s): far enough from the bound that a request's travel time cannot cross it.
        return (long) ((r.nextDouble() * 2 - 1) * (MAX_SKEW_MILLIS - 5_000));
    }

    private static String pickNonOk(Random r) {
        List<String> s = List.of("INVALID_INPUT", "UNKNOWN_MODEL", "DEADLINE_EXCEEDED", "FAILED");
        return s.get(r.nextInt(s.size()));
    }

    private static final String CLEAN = "abcXYZ019 ._-/~é漢";
    private static final String[] SPECIAL = {"\u0000", "\u0001", "\u001f", "\u007f", "\n", "\r", "\t", "\"", "\\", "😀", "\u0085", "\u2028"};

    /** Printable characters only (ASCII, Latin, CJK), minChars..maxChars code points. */
    private static String cleanString(Random r, int minChars, int maxChars) {
        int n = minChars + r.nextInt(Math.min(maxChars, minChars + 24) - minChars + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(CLEAN.charAt(r.nextInt(CLEAN.length())));
        }
        return b.toString();
    }

    /** Any length up to {@code maxChars} (lengths near the edges likely), control characters and astral code points sometimes. */
    private static String anyString(Random r, int maxChars) {
        int n = switch (r.nextInt(4)) {
            case 0 -> maxChars - r.nextInt(Math.min(maxChars, 6) + 1);
            case 1 -> r.nextInt(3);
            default -> r.nextInt(Math.min(maxChars, 30) + 1);
        };
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (r.nextInt(12) == 0) {
                b.append(SPECIAL[r.nextInt(SPECIAL.length)]);
            } else {
                b.append(CLEAN.charAt(r.nextInt(CLEAN.length())));
            }
        }
        return b.toString();
    }

    // ---- tree access -------------------------------------------------------------------------

    private static int randomEvent(Random r, ObjectNode body) {
        return r.nextInt(body.get("events").size());
    }

    private static ObjectNode event(ObjectNode body, int i) {
        return (ObjectNode) body.get("events").get(i);
    }

    private static ObjectNode parentOf(ObjectNode event, List<String> path) {
        ObjectNode n = event;
        for (int i = 0; i < path.size() - 1; i++) {
            n = (ObjectNode) n.get(path.get(i));
        }
        return n;
    }

    private static String last(List<String> path) {
        return path.get(path.size() - 1);
    }

    private static String pointer(int event, List<String> path) {
        return "/events/" + event + "/" + String.join("/", path);
    }

    /** Same content, fields in a random order at every level. */
    private static JsonNode shuffled(JsonNode n, Random r) {
        if (n.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            Collections.shuffle(fields, r);
            ObjectNode o = F.objectNode();
            fields.forEach(e -> o.set(e.getKey(), shuffled(e.getValue(), r)));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = F.arrayNode();
            n.forEach(x -> a.add(shuffled(x, r)));
            return a;
        }
        return n;
    }
}
