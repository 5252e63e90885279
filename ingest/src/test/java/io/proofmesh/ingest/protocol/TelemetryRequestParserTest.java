package io.proofmesh.ingest.protocol;

import static io.proofmesh.ingest.protocol.Bodies.CAPACITY;
import static io.proofmesh.ingest.protocol.Bodies.HEARTBEAT;
import static io.proofmesh.ingest.protocol.Bodies.JOB_RESULT;
import static io.proofmesh.ingest.protocol.Bodies.body;
import static io.proofmesh.ingest.protocol.Bodies.replace;
import static io.proofmesh.ingest.protocol.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.JobStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryRequestParserTest {

    private final TelemetryRequestParser parser = new TelemetryRequestParser(ProtocolLimits.defaults());

    private static Arguments hostile(String name, byte[] body, ReasonCode code, String field) {
        return Arguments.of(name, body, code, field);
    }

    private static Arguments hostile(String name, String body, ReasonCode code, String field) {
        return hostile(name, utf8(body), code, field);
    }

    private static byte[] withByte(String body, String marker, int b) {
        byte[] bytes = utf8(body);
        byte[] m = utf8(marker);
        for (int i = 0; i + m.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + m.length, m, 0, m.length)) {
                bytes[i] = (byte) b;
                return bytes;
            }
        }
        throw new IllegalArgumentException(marker);
    }

    static Stream<Arguments> hostileBodies() {
        String hb = body(HEARTBEAT);
        String cap = body(CAPACITY);
        String job = body(JOB_RESULT);
        String deep = "[".repeat(ProtocolLimits.MAX_DEPTH + 1) + "]".repeat(ProtocolLimits.MAX_DEPTH + 1);
        String failedWithOutputs = replace(job, "\"status\":\"OK\"", "\"status\":\"FAILED\"");
        return Stream.of(
                // encoding
                hostile("invalid UTF-8 byte", withByte(hb, "proofmesh-agent", 0xff), ReasonCode.INVALID_UTF8, null),
                hostile("overlong UTF-8 for '/'", replaceBytes(hb, "0.1.0", new byte[] {'0', (byte) 0xc0, (byte) 0xaf,
                        '1', '0'}), ReasonCode.INVALID_UTF8, null),
                hostile("CESU-8 surrogate bytes", replaceBytes(hb, "0.1.0", new byte[] {(byte) 0xed, (byte) 0xa0,
                        (byte) 0x80, '.', '0'}), ReasonCode.INVALID_UTF8, null),
                hostile("escaped lone surrogate", replace(hb, "0.1.0", "0.1\\ud800"), ReasonCode.INVALID_UTF8,
                        "/events/0/agentVersion"),
                hostile("UTF-16 body", hb.getBytes(StandardCharsets.UTF_16BE), ReasonCode.MALFORMED_JSON, null),
                hostile("byte order mark", "\uFEFF" + hb, ReasonCode.MALFORMED_JSON, null),
                // syntax
                hostile("empty body", "", ReasonCode.MALFORMED_JSON, null),
                hostile("truncated", hb.substring(0, hb.length() - 3), ReasonCode.MALFORMED_JSON, null),
                hostile("trailing garbage", hb + " x", ReasonCode.MALFORMED_JSON, null),
                hostile("two documents", hb + hb, ReasonCode.MALFORMED_JSON, null),
                hostile("NaN", replace(hb, "250000", "NaN"), ReasonCode.MALFORMED_JSON, null),
                hostile("Infinity", replace(hb, "250000", "-Infinity"), ReasonCode.MALFORMED_JSON, null),
                hostile("leading zero", replace(hb, "\"seq\":1", "\"seq\":01"), ReasonCode.MALFORMED_JSON, null),
                hostile("comment", replace(hb, "{\"kind\"", "/* hi */{\"kind\""), ReasonCode.MALFORMED_JSON, null),
                hostile("trailing comma", replace(hb, "0.1.0\"}", "0.1.0\",}"), ReasonCode.MALFORMED_JSON, null),
                hostile("single quotes", replace(hb, "\"kind\":\"heartbeat\"", "'kind':'heartbeat'"),
                        ReasonCode.MALFORMED_JSON, null),
                hostile("deep nesting", deep, ReasonCode.NESTING_TOO_DEEP, "/0".repeat(ProtocolLimits.MAX_DEPTH)),
                hostile("deep nesting inside an unknown field", replace(hb, "\"seq\":1", "\"x\":" + "[".repeat(5000)
                        + "]".repeat(5000) + ",\"seq\":1"), ReasonCode.NESTING_TOO_DEEP, "/x" + "/0".repeat(7)),
                hostile("duplicate top-level key", replace(hb, "\"seq\":1", "\"seq\":1,\"seq\":2"),
                        ReasonCode.DUPLICATE_FIELD, "/seq"),
                hostile("duplicate key in an event", replace(hb, "\"cpuLoadPpm\":250000", "\"cpuLoadPpm\":1,"
                        + "\"cpuLoadPpm\":250000"), ReasonCode.DUPLICATE_FIELD, "/events/0/cpuLoadPpm"),
                // version gate
                hostile("unsupported version", replace(hb, "{\"v\":1", "{\"v\":2"), ReasonCode.UNSUPPORTED_VERSION, "/v"),
                hostile("version 2 with fields v1 does not know", replace(replace(hb, "{\"v\":1", "{\"v\":2"),
                        "\"seq\":1", "\"seq\":1,\"newThing\":true"), ReasonCode.UNSUPPORTED_VERSION, "/v"),
                hostile("huge version", replace(hb, "{\"v\":1", "{\"v\":99999999999999999999"),
                        ReasonCode.UNSUPPORTED_VERSION, "/v"),
                hostile("version missing", replace(hb, "{\"v\":1,", "{"), ReasonCode.MISSING_FIELD, "/v"),
                hostile("version as string", replace(hb, "{\"v\":1", "{\"v\":\"1\""), ReasonCode.WRONG_TYPE, "/v"),
                // structure
                hostile("root is an array", "[" + hb + "]", ReasonCode.WRONG_TYPE, ""),
                hostile("unknown top-level field", replace(hb, "\"seq\":1", "\"seq\":1,\"extra\":0"),
                        ReasonCode.UNKNOWN_FIELD, "/extra"),
                hostile("unknown field named with / and ~", replace(hb, "\"seq\":1", "\"seq\":1,\"a/b~c\":0"),
                        ReasonCode.UNKNOWN_FIELD, "/a~1b~0c"),
                hostile("unknown field in an event", replace(hb, "\"activeJobs\":2", "\"activeJobs\":2,\"temperature\":71"),
                        ReasonCode.UNKNOWN_FIELD, "/events/0/temperature"),
                hostile("unknown field in capacity", replace(cap, "\"cpuCores\":8", "\"cpuCores\":8,\"tpu\":1"),
                        ReasonCode.UNKNOWN_FIELD, "/events/0/capacity/tpu"),
                hostile("unknown field in a tensor", replace(job, "\"shape\":[1,2]", "\"shape\":[1,2],\"scale\":1"),
                        ReasonCode.UNKNOWN_FIELD, "/events/0/outputs/0/scale"),
                hostile("missing nodeId", replace(hb, "\"nodeId\":\"" + Bodies.NODE + "\",", ""),
                        ReasonCode.MISSING_FIELD, "/nodeId"),
                hostile("missing agentVersion", replace(hb, ",\"agentVersion\":\"proofmesh-agent/0.1.0\"", ""),
                        ReasonCode.MISSING_FIELD, "/events/0/agentVersion"),
                hostile("missing kind", replace(hb, "\"kind\":\"heartbeat\",", ""), ReasonCode.MISSING_FIELD,
                        "/events/0/kind"),
                hostile("missing outputDigest", replace(job, "\"outputDigest\":"
                        + "\"0x00000000000000000000000000000000000000000000000000000000000000ab\",", ""),
                        ReasonCode.MISSING_FIELD, "/events/0/outputDigest"),
                hostile("seq as string", replace(hb, "\"seq\":1", "\"seq\":\"1\""), ReasonCode.WRONG_TYPE, "/seq"),
                hostile("required field null", replace(hb, "\"seq\":1", "\"seq\":null"), ReasonCode.WRONG_TYPE, "/seq"),
                hostile("event is not an object", body("42"), ReasonCode.WRONG_TYPE, "/events/0"),
                hostile("events is an object", replace(hb, "\"events\":[" + HEARTBEAT + "]", "\"events\":" + HEARTBEAT),
                        ReasonCode.WRONG_TYPE, "/events"),
                hostile("float where integer", replace(hb, "\"activeJobs\":2", "\"activeJobs\":2.0"),
                        ReasonCode.WRONG_TYPE, "/events/0/activeJobs"),
                hostile("exponent number", replace(hb, "\"uptimeSeconds\":86400", "\"uptimeSeconds\":1e3"),
                        ReasonCode.WRONG_TYPE, "/events/0/uptimeSeconds"),
                hostile("boolean as string", replace(job, "\"outputsTruncated\":false", "\"outputsTruncated\":\"false\""),
                        ReasonCode.WRONG_TYPE, "/events/0/outputsTruncated"),
                hostile("shape dimension as float", replace(job, "[1,2]", "[1,2.5]"), ReasonCode.WRONG_TYPE,
                        "/events/0/outputs/0/shape/1"),
                hostile("structure outranks semantics", body(replace(HEARTBEAT, "250000", "2000000"),
                        replace(HEARTBEAT, "\"activeJobs\":2", "\"activeJobs\":2,\"x\":1")), ReasonCode.UNKNOWN_FIELD,
                        "/events/1/x"),
                // semantics
                hostile("int64 overflow", replace(hb, "\"seq\":1", "\"seq\":9223372036854775808"),
                        ReasonCode.OUT_OF_RANGE, "/seq"),
                hostile("negative seq", replace(hb, "\"seq\":1", "\"seq\":-1"), ReasonCode.OUT_OF_RANGE, "/seq"),
                hostile("negative uptime", replace(hb, "86400", "-5"), ReasonCode.OUT_OF_RANGE, "/events/0/uptimeSeconds"),
                hostile("ppm above 1e6", replace(hb, "250000", "1000001"), ReasonCode.OUT_OF_RANGE, "/events/0/cpuLoadPpm"),
                hostile("int32 field above 2^31-1", replace(hb, "\"activeJobs\":2", "\"activeJobs\":2147483648"),
                        ReasonCode.OUT_OF_RANGE, "/events/0/activeJobs"),
                hostile("chainId zero", replace(hb, "\"chainId\":31337", "\"chainId\":0"), ReasonCode.OUT_OF_RANGE,
                        "/chainId"),
                hostile("agentVersion too long", replace(hb, "proofmesh-agent/0.1.0", "x".repeat(65)),
                        ReasonCode.OUT_OF_RANGE, "/events/0/agentVersion"),
                hostile("control character in a string", replace(hb, "0.1.0", "0.1.0\\u0007"),
                        ReasonCode.INVALID_FORMAT, "/events/0/agentVersion"),
                hostile("upper-case nodeId", replace(hb, Bodies.NODE, Bodies.NODE.toUpperCase().replace("0X", "0x")),
                        ReasonCode.INVALID_FORMAT, "/nodeId"),
                hostile("short nodeId", replace(hb, Bodies.NODE, Bodies.NODE.substring(0, 40)), ReasonCode.INVALID_FORMAT,
                        "/nodeId"),
                hostile("network with upper case", replace(hb, "proofmesh-devnet", "Proofmesh"),
                        ReasonCode.INVALID_FORMAT, "/network"),
                hostile("bad outputDigest", replace(job, "00ab\"", "00AB\""), ReasonCode.INVALID_FORMAT,
                        "/events/0/outputDigest"),
                hostile("bad base64", replace(job, "AACAPwAAAEA=", "AACA*wAAAEA="), ReasonCode.INVALID_FORMAT,
                        "/events/0/outputs/0/data"),
                hostile("base64 without padding", replace(job, "AACAPwAAAEA=", "AACAPwAAAEA"),
                        ReasonCode.INVALID_FORMAT, "/events/0/outputs/0/data"),
                hostile("url-safe base64", replace(replace(job, "AACAPwAAAEA=", "AAD_PwAAAEA="), "FLOAT32", "UINT8"),
                        ReasonCode.INVALID_FORMAT, "/events/0/outputs/0/data"),
                hostile("data does not fit the shape", replace(job, "[1,2]", "[1,3]"), ReasonCode.OUT_OF_RANGE,
                        "/events/0/outputs/0/data"),
                hostile("shape product overflows", replace(job, "[1,2]", "[4611686018427387904,4]"),
                        ReasonCode.OUT_OF_RANGE, "/events/0/outputs/0/data"),
                hostile("negative dimension", replace(job, "[1,2]", "[-1,2]"), ReasonCode.OUT_OF_RANGE,
                        "/events/0/outputs/0/shape/0"),
                hostile("dtype UNKNOWN", replace(job, "FLOAT32", "UNKNOWN"), ReasonCode.OUT_OF_RANGE,
                        "/events/0/outputs/0/dtype"),
                hostile("unknown status", replace(job, "\"OK\"", "\"GREAT\""), ReasonCode.OUT_OF_RANGE,
                        "/events/0/status"),
                hostile("outputs on a failed job", failedWithOutputs, ReasonCode.OUT_OF_RANGE, "/events/0/outputs"),
                hostile("more slots than jobs", replace(cap, "\"availableSlots\":2", "\"availableSlots\":5"),
                        ReasonCode.OUT_OF_RANGE, "/events/0/availableSlots"),
                hostile("unknown event kind", replace(hb, "\"heartbeat\"", "\"selfScore\""),
                        ReasonCode.UNKNOWN_EVENT_KIND, "/events/0/kind"),
                hostile("no events", body(), ReasonCode.NO_EVENTS, "/events"),
                hostile("101 events", Bodies.heartbeats(101), ReasonCode.TOO_MANY_EVENTS, "/events"),
                hostile("first semantic problem in visiting order wins", body(replace(HEARTBEAT, "730000", "-1"),
                        replace(HEARTBEAT, "\"heartbeat\"", "\"bogus\"")), ReasonCode.OUT_OF_RANGE,
                        "/events/0/gpuLoadPpm"),
                // size
                hostile("oversize body", replace(hb, "proofmesh-agent/0.1.0", "x".repeat(70_000)),
                        ReasonCode.BODY_TOO_LARGE, null));
    }

    private static byte[] replaceBytes(String body, String target, byte[] replacement) {
        byte[] b = utf8(body);
        byte[] t = utf8(target);
        for (int i = 0; i + t.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + t.length, t, 0, t.length)) {
                byte[] out = new byte[b.length - t.length + replacement.length];
                System.arraycopy(b, 0, out, 0, i);
                System.arraycopy(replacement, 0, out, i, replacement.length);
                System.arraycopy(b, i + t.length, out, i + replacement.length, b.length - i - t.length);
                return out;
            }
        }
        throw new IllegalArgumentException(target);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void rejectsHostileBody(String name, byte[] body, ReasonCode code, String field) {
        RejectedRequestException e = catchThrowableOfType(RejectedRequestException.class, () -> parser.parse(body));
        assertThat(e).as(name + " must be rejected").isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.rejection().field()).as(e.getMessage()).isEqualTo(field);
        assertThat(e.rejection().message()).isNotBlank().hasSizeLessThan(400);
    }

    @Test
    void parsesAHeartbeat() throws Exception {
        TelemetryRequest r = parser.parse(utf8(body(HEARTBEAT)));
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.network()).isEqualTo(Bodies.NETWORK);
        assertThat(r.chainId()).isEqualTo(Bodies.CHAIN_ID);
        assertThat(r.nodeId()).isEqualTo(Bodies.NODE);
        assertThat(r.seq()).isEqualTo(1);
        assertThat(r.sentAtMillis()).isEqualTo(Bodies.SENT_AT);
        assertThat(r.events()).containsExactly(
                new TelemetryEvent.Heartbeat(86400, 250000, 730000, 2, "proofmesh-agent/0.1.0"));
    }

    @Test
    void parsesAllThreeKinds() throws Exception {
        TelemetryRequest r = parser.parse(utf8(body(HEARTBEAT, CAPACITY, JOB_RESULT)));
        assertThat(r.events()).extracting(TelemetryEvent::kind).containsExactly("heartbeat", "capacity", "jobResult");
        TelemetryEvent.Capacity c = (TelemetryEvent.Capacity) r.events().get(1);
        assertThat(c.capacity()).isEqualTo(new TelemetryEvent.ReportedCapacity("NVIDIA L4", 1, 23034, 8, 32768, 4));
        assertThat(c.availableSlots()).isEqualTo(2);
        TelemetryEvent.JobResult j = (TelemetryEvent.JobResult) r.events().get(2);
        assertThat(j.status()).isEqualTo(JobStatus.OK);
        assertThat(j.statusMessage()).isNull();
        assertThat(j.outputs()).singleElement().satisfies(t -> {
            assertThat(t.dtype()).isEqualTo(TensorType.FLOAT32);
            assertThat(t.shape()).containsExactly(1L, 2L);
            assertThat(t.data()).containsExactly(0, 0, 0x80, 0x3f, 0, 0, 0, 0x40);
        });
        assertThat(j.outputDigest()).hasSize(32).endsWith((byte) 0xab);
        assertThat(j.completedAtMillis()).isEqualTo(1767225598700L);
    }

    @Test
    void acceptsWhitespaceAndAnyFieldOrder() throws Exception {
        String pretty = "{ \"events\" : [ " + HEARTBEAT + " ],\n  \"sentAt\": " + Bodies.SENT_AT + ", \"seq\": 1,"
                + " \"nodeId\": \"" + Bodies.NODE + "\", \"chainId\": 31337, \"network\": \"proofmesh-devnet\", \"v\": 1 }\n";
        assertThat(parser.parse(utf8(pretty)).seq()).isEqualTo(1);
    }

    @Test
    void optionalStatusMessageMayBeAbsentNullOrMultiLine() throws Exception {
        String failed = replace(replace(JOB_RESULT, "\"status\":\"OK\"", "\"status\":\"FAILED\""),
                "\"outputs\":[{\"name\":\"scores\",\"dtype\":\"FLOAT32\",\"shape\":[1,2],\"data\":\"AACAPwAAAEA=\"}]",
                "\"outputs\":[]");
        String withNull = replace(failed, "\"status\":\"FAILED\"", "\"status\":\"FAILED\",\"statusMessage\":null");
        String withText = replace(failed, "\"status\":\"FAILED\"",
                "\"status\":\"FAILED\",\"statusMessage\":\"out of memory\\nat layer 3 — ü\"");
        assertThat(((TelemetryEvent.JobResult) parser.parse(utf8(body(failed))).events().get(0)).statusMessage()).isNull();
        assertThat(((TelemetryEvent.JobResult) parser.parse(utf8(body(withNull))).events().get(0)).statusMessage())
                .isNull();
        assertThat(((TelemetryEvent.JobResult) parser.parse(utf8(body(withText))).events().get(0)).statusMessage())
                .isEqualTo("out of memory\nat layer 3 — ü");
    }

    @Test
    void limitsAreInclusive() throws Exception {
        assertThat(parser.parse(utf8(Bodies.heartbeats(ProtocolLimits.MAX_EVENTS))).events()).hasSize(100);
        String maxed = replace(replace(body(HEARTBEAT), "250000", "1000000"), "proofmesh-agent/0.1.0", "ü".repeat(64));
        assertThat(parser.parse(utf8(maxed)).events()).hasSize(1);
        String maxLong = replace(body(HEARTBEAT), "\"seq\":1", "\"seq\":9223372036854775807");
        assertThat(parser.parse(utf8(maxLong)).seq()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void bodyLimitIsConfigurable() throws Exception {
        byte[] body = utf8(body(HEARTBEAT));
        TelemetryRequestParser small = new TelemetryRequestParser(new ProtocolLimits(1024));
        assertThat(small.parse(body).events()).hasSize(1);
        byte[] big = utf8(Bodies.heartbeats(10));
        assertThat(catchThrowableOfType(RejectedRequestException.class, () -> small.parse(big)).code())
                .isEqualTo(ReasonCode.BODY_TOO_LARGE);
        assertThat(new TelemetryRequestParser(new ProtocolLimits(big.length)).parse(big).events()).hasSize(10);
    }

    @Test
    void rejectionsRenderAsJson() {
        Rejection r = new Rejection(ReasonCode.OUT_OF_RANGE, "'x' must be \"small\"", "/events/0/x");
        assertThat(new String(r.toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":\"OUT_OF_RANGE\",\"message\":\"'x' must be \\\"small\\\"\",\"field\":\"/events/0/x\"}");
        assertThat(new String(Rejection.of(ReasonCode.BODY_TOO_LARGE, "big").toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":\"BODY_TOO_LARGE\",\"message\":\"big\"}");
        assertThat(List.of(ReasonCode.values())).allSatisfy(c -> assertThat(c.httpStatus()).isBetween(400, 503));
    }
}
