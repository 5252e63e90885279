package io.proofmesh.ingest.protocol;

import io.proofmesh.platform.protocol.SigningDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Body bytes to a {@link TelemetryRequest}, or the first failed check as a
 * {@link RejectedRequestException}. Stages, each finished before the next starts (PROTOCOL.md,
 * "Order of checks"): size → UTF-8 → JSON syntax, depth, duplicate keys → version gate →
 * structure (unknown, missing, wrongly typed fields) → semantics (ranges, formats, kinds,
 * counts). Within a stage the first problem in visiting order wins: top-level fields in the
 * order of the body table, events by index, unknown fields of an object before its declared
 * ones. Stateless and thread-safe.
 */
public final class TelemetryRequestParser {

    public static final int PROTOCOL_VERSION = 1;

    static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    static final Pattern DIGEST = Pattern.compile("0x[0-9a-f]{64}");

    private static final Set<String> TOP_FIELDS = Set.of("v", "network", "chainId", "nodeId", "seq", "sentAt", "events");
    private static final Set<String> HEARTBEAT_FIELDS = Set.of("kind", "uptimeSeconds", "cpuLoadPpm", "gpuLoadPpm",
            "activeJobs", "agentVersion");
    private static final Set<String> CAPACITY_EVENT_FIELDS = Set.of("kind", "capacity", "availableSlots");
    private static final Set<String> CAPACITY_FIELDS = Set.of("gpuModel", "gpuCount", "gpuMemoryMb", "cpuCores",
            "memoryMb", "maxConcurrentJobs");
    private static final int PPM = 1_000_000;

    private final ProtocolLimits limits;

    public TelemetryRequestParser(ProtocolLimits limits) {
        this.limits = limits;
    }

    public ProtocolLimits limits() {
        return limits;
    }

    public TelemetryRequest parse(byte[] body) throws RejectedRequestException {
        if (body.length > limits.maxBodyBytes()) {
            throw Rejection.of(ReasonCode.BODY_TOO_LARGE, "the body is " + body.length + " bytes; at most "
                    + limits.maxBodyBytes() + " are accepted").toException();
        }
        JsonValue root = StrictJsonReader.read(body, ProtocolLimits.MAX_DEPTH);
        checkVersion(root);
        Problems problems = new Problems();
        TelemetryRequest request = readRequest(root, problems);
        problems.throwFirst();
        return request;
    }

    /**
     * The version is judged before anything else about the structure, so a client speaking a
     * later version hears UNSUPPORTED_VERSION, not a complaint about fields it was right to send.
     */
    private static void checkVersion(JsonValue root) throws RejectedRequestException {
        Problems problems = new Problems();
        ObjectFields top = ObjectFields.of(root, "", problems);
        if (top != null) {
            JsonValue v = top.peek("v");
            if (v instanceof JsonValue.BigInt || (v instanceof JsonValue.Int i && i.value() != PROTOCOL_VERSION)) {
                throw new Rejection(ReasonCode.UNSUPPORTED_VERSION, "protocol version " + describe(v)
                        + " is not supported; this ingest speaks version " + PROTOCOL_VERSION, "/v").toException();
            }
            top.integer("v", PROTOCOL_VERSION, PROTOCOL_VERSION); // records MISSING_FIELD / WRONG_TYPE
        }
        problems.throwFirst();
    }

    private static String describe(JsonValue v) {
        return v instanceof JsonValue.Int i ? Long.toString(i.value()) : ((JsonValue.BigInt) v).excerpt();
    }

    private static TelemetryRequest readRequest(JsonValue root, Problems problems) {
        ObjectFields top = ObjectFields.of(root, "", problems);
        top.rejectUnknown(TOP_FIELDS);
        top.integer("v", PROTOCOL_VERSION, PROTOCOL_VERSION);
        String network = top.formatted("network", SigningDomain.NETWORK,
                "1-64 characters of a-z, 0-9, '.', '_', '-' starting with a letter or digit");
        Long chainId = top.integer("chainId", 1, Long.MAX_VALUE);
        String nodeId = top.formatted("nodeId", ADDRESS, "0x and 40 lower-case hex digits");
        Long seq = top.integer("seq", 0, Long.MAX_VALUE);
        Long sentAt = top.integer("sentAt", 0, Long.MAX_VALUE);
        List<TelemetryEvent> events = readEvents(top, problems);
        if (problems.any()) {
            return null;
        }
        return new TelemetryRequest(PROTOCOL_VERSION, network, chainId, nodeId, seq, sentAt, events);
    }

    private static List<TelemetryEvent> readEvents(ObjectFields top, Problems problems) {
        JsonValue.Arr array = top.array("events");
        if (array == null) {
            return List.of();
        }
        String pointer = top.at("events");
        int count = array.items().size();
        if (count == 0) {
            problems.semantic(ReasonCode.NO_EVENTS, "a request carries at least one event", pointer);
        } else if (count > ProtocolLimits.MAX_EVENTS) {
            problems.semantic(ReasonCode.TOO_MANY_EVENTS, "a request carries at most " + ProtocolLimits.MAX_EVENTS
                    + " events, got " + count, pointer);
        }
        List<TelemetryEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(readEvent(array.items().get(i), Pointers.child(pointer, i), problems));
        }
        return events;
    }

    private static TelemetryEvent readEvent(JsonValue value, String pointer, Problems problems) {
        ObjectFields event = ObjectFields.of(value, pointer, problems);
        if (event == null) {
            return null;
        }
        // The kind decides which fields are declared, so it is read first.
        JsonValue kind = event.peek("kind");
        if (kind == null) {
            problems.structural(ReasonCode.MISSING_FIELD, "field 'kind' is required", event.at("kind"));
            return null;
        }
        if (!(kind instanceof JsonValue.Str k)) {
            problems.structural(ReasonCode.WRONG_TYPE, "'kind' must be a string, got " + kind.typeName(),
                    event.at("kind"));
            return null;
        }
        switch (k.value()) {
            case TelemetryEvent.Heartbeat.KIND:
                return readHeartbeat(event, problems);
            case TelemetryEvent.Capacity.KIND:
                return readCapacity(event, problems);
            case TelemetryEvent.JobResult.KIND:
                return JobResultReader.read(event, problems);
            default:
                problems.semantic(ReasonCode.UNKNOWN_EVENT_KIND, "unknown event kind '"
                        + StrictJsonReader.excerpt(k.value()) + "'; known: heartbeat, capacity, jobResult",
                        event.at("kind"));
                return null;
        }
    }

    private static TelemetryEvent readHeartbeat(ObjectFields event, Problems problems) {
        event.rejectUnknown(HEARTBEAT_FIELDS);
        Long uptime = event.integer("uptimeSeconds", 0, Long.MAX_VALUE);
        Integer cpu = event.int32("cpuLoadPpm", 0, PPM);
        Integer gpu = event.int32("gpuLoadPpm", 0, PPM);
        Integer activeJobs = event.int32("activeJobs", 0, Integer.MAX_VALUE);
        String agentVersion = event.string("agentVersion", 1, ProtocolLimits.MAX_NAME_CHARS);
        if (problems.any()) {
            return null;
        }
        return new TelemetryEvent.Heartbeat(uptime, cpu, gpu, activeJobs, agentVersion);
    }

    private static TelemetryEvent readCapacity(ObjectFields event, Problems problems) {
        event.rejectUnknown(CAPACITY_EVENT_FIELDS);
        ObjectFields c = event.object("capacity");
        TelemetryEvent.ReportedCapacity capacity = c == null ? null : readReportedCapacity(c, problems);
        Integer slots = event.int32("availableSlots", 0, Integer.MAX_VALUE);
        if (capacity != null && slots != null && slots > capacity.maxConcurrentJobs()) {
            problems.semantic(ReasonCode.OUT_OF_RANGE, "'availableSlots' (" + slots
                    + ") must not exceed capacity.maxConcurrentJobs (" + capacity.maxConcurrentJobs() + ")",
                    event.at("availableSlots"));
        }
        if (problems.any()) {
            return null;
        }
        return new TelemetryEvent.Capacity(capacity, slots);
    }

    private static TelemetryEvent.ReportedCapacity readReportedCapacity(ObjectFields c, Problems problems) {
        c.rejectUnknown(CAPACITY_FIELDS);
        String gpuModel = c.string("gpuModel", 0, ProtocolLimits.MAX_ID_CHARS);
        Integer gpuCount = c.int32("gpuCount", 0, Integer.MAX_VALUE);
        Long gpuMemoryMb = c.integer("gpuMemoryMb", 0, Long.MAX_VALUE);
        Integer cpuCores = c.int32("cpuCores", 0, Integer.MAX_VALUE);
        Long memoryMb = c.integer("memoryMb", 0, Long.MAX_VALUE);
        Integer maxJobs = c.int32("maxConcurrentJobs", 0, Integer.MAX_VALUE);
        if (gpuModel == null || gpuCount == null || gpuMemoryMb == null || cpuCores == null || memoryMb == null
                || maxJobs == null) {
            return null;
        }
        return new TelemetryEvent.ReportedCapacity(gpuModel, gpuCount, gpuMemoryMb, cpuCores, memoryMb, maxJobs);
    }
}
