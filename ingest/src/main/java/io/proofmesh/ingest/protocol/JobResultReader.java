package io.proofmesh.ingest.protocol;

import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.JobStatus;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates and reads a {@code "kind":"jobResult"} event and its output tensors. */
final class JobResultReader {

    private static final Set<String> FIELDS = Set.of("kind", "jobId", "modelId", "status", "statusMessage", "outputs",
            "outputsTruncated", "outputDigest", "queueMs", "computeMs", "executionProvider", "completedAt");
    private static final Set<String> TENSOR_FIELDS = Set.of("name", "dtype", "shape", "data");

    /** Wire statuses; the schema's UNKNOWN is only what old readers see, never what a node sends. */
    private static final Map<String, JobStatus> STATUSES = Map.of("OK", JobStatus.OK, "INVALID_INPUT",
            JobStatus.INVALID_INPUT, "UNKNOWN_MODEL", JobStatus.UNKNOWN_MODEL, "DEADLINE_EXCEEDED",
            JobStatus.DEADLINE_EXCEEDED, "FAILED", JobStatus.FAILED);

    /** Wire dtypes and their element size in bytes (BOOL: one byte, 0 or 1). */
    private static final Map<String, TensorType> DTYPES = Map.of("FLOAT32", TensorType.FLOAT32, "FLOAT64",
            TensorType.FLOAT64, "INT32", TensorType.INT32, "INT64", TensorType.INT64, "UINT8", TensorType.UINT8,
            "BOOL", TensorType.BOOL);
    private static final Map<TensorType, Integer> ELEMENT_BYTES = Map.of(TensorType.FLOAT32, 4, TensorType.FLOAT64, 8,
            TensorType.INT32, 4, TensorType.INT64, 8, TensorType.UINT8, 1, TensorType.BOOL, 1);

    private JobResultReader() {
    }

    static TelemetryEvent read(ObjectFields event, Problems problems) {
        event.rejectUnknown(FIELDS);
        String jobId = event.string("jobId", 1, ProtocolLimits.MAX_ID_CHARS);
        String modelId = event.string("modelId", 1, ProtocolLimits.MAX_ID_CHARS);
        JobStatus status = symbol(event, "status", STATUSES, problems);
        String statusMessage = event.optionalString("statusMessage", ProtocolLimits.MAX_STATUS_MESSAGE_CHARS, true);
        List<TelemetryEvent.OutputTensor> outputs = readOutputs(event, status, problems);
        Boolean truncated = event.bool("outputsTruncated");
        String digest = event.formatted("outputDigest", TelemetryRequestParser.DIGEST, "0x and 64 lower-case hex digits");
        Long queueMs = event.integer("queueMs", 0, Long.MAX_VALUE);
        Long computeMs = event.integer("computeMs", 0, Long.MAX_VALUE);
        String provider = event.string("executionProvider", 1, ProtocolLimits.MAX_NAME_CHARS);
        Long completedAt = event.integer("completedAt", 0, Long.MAX_VALUE);
        if (problems.any()) {
            return null;
        }
        return new TelemetryEvent.JobResult(jobId, modelId, status, statusMessage, outputs, truncated,
                HexFormat.of().parseHex(digest, 2, digest.length()), queueMs, computeMs, provider, completedAt);
    }

    private static <T> T symbol(ObjectFields fields, String name, Map<String, T> allowed, Problems problems) {
        JsonValue v = fields.peek(name);
        if (v instanceof JsonValue.Str s && !allowed.containsKey(s.value())) {
            problems.semantic(ReasonCode.OUT_OF_RANGE, "'" + name + "' must be one of " + new java.util.TreeSet<>(
                    allowed.keySet()) + ", got '" + StrictJsonReader.excerpt(s.value()) + "'", fields.at(name));
            return null;
        }
        String s = fields.string(name, 1, ProtocolLimits.MAX_NAME_CHARS); // MISSING_FIELD / WRONG_TYPE
        return s == null ? null : allowed.get(s);
    }

    private static List<TelemetryEvent.OutputTensor> readOutputs(ObjectFields event, JobStatus status,
            Problems problems) {
        JsonValue.Arr array = event.array("outputs");
        if (array == null) {
            return List.of();
        }
        String pointer = event.at("outputs");
        int count = array.items().size();
        if (count > ProtocolLimits.MAX_OUTPUTS) {
            problems.semantic(ReasonCode.OUT_OF_RANGE, "at most " + ProtocolLimits.MAX_OUTPUTS
                    + " output tensors, got " + count, pointer);
        } else if (count > 0 && status != null && status != JobStatus.OK) {
            problems.semantic(ReasonCode.OUT_OF_RANGE, "outputs must be empty unless status is OK", pointer);
        }
        List<TelemetryEvent.OutputTensor> outputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            outputs.add(readTensor(array.items().get(i), Pointers.child(pointer, i), problems));
        }
        return outputs;
    }

    private static TelemetryEvent.OutputTensor readTensor(JsonValue value, String pointer, Problems problems) {
        ObjectFields t = ObjectFields.of(value, pointer, problems);
        if (t == null) {
            return null;
        }
        t.rejectUnknown(TENSOR_FIELDS);
        String name = t.string("name", 1, ProtocolLimits.MAX_ID_CHARS);
        TensorType dtype = symbol(t, "dtype", DTYPES, problems);
        List<Long> shape = readShape(t, problems);
        byte[] data = readBase64(t, "data", problems);
        if (name == null || dtype == null || shape == null || data == null) {
            return null;
        }
        checkDataLength(t, dtype, shape, data.length, problems);
        return new TelemetryEvent.OutputTensor(name, dtype, shape, data);
    }

    private static List<Long> readShape(ObjectFields t, Problems problems) {
        JsonValue.Arr array = t.array("shape");
        if (array == null) {
            return null;
        }
        String pointer = t.at("shape");
        if (array.items().size() > ProtocolLimits.MAX_SHAPE_DIMS) {
            problems.semantic(ReasonCode.OUT_OF_RANGE, "a shape has at most " + ProtocolLimits.MAX_SHAPE_DIMS
                    + " dimensions, got " + array.items().size(), pointer);
        }
        List<Long> shape = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < array.items().size(); i++) {
            JsonValue d = array.items().get(i);
            String at = Pointers.child(pointer, i);
            if (d instanceof JsonValue.Int n && n.value() >= 0) {
                shape.add(n.value());
                continue;
            }
            ok = false;
            if (d instanceof JsonValue.Int || d instanceof JsonValue.BigInt) {
                problems.semantic(ReasonCode.OUT_OF_RANGE, "a dimension must be an integer ≥ 0", at);
            } else {
                problems.structural(ReasonCode.WRONG_TYPE, "a dimension must be an integer, got " + d.typeName(), at);
            }
        }
        return ok ? shape : null;
    }

    /** Standard base64 (RFC 4648 §4) with padding, and only its canonical form: decode-encode must round-trip. */
    private static byte[] readBase64(ObjectFields t, String name, Problems problems) {
        JsonValue v = t.peek(name);
        if (v instanceof JsonValue.Str s) {
            try {
                byte[] bytes = Base64.getDecoder().decode(s.value());
                if (Base64.getEncoder().encodeToString(bytes).equals(s.value())) {
                    return bytes;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            problems.semantic(ReasonCode.INVALID_FORMAT, "'" + name
                    + "' must be standard base64 with padding (RFC 4648 §4), canonical", t.at(name));
            return null;
        }
        t.string(name, 0, Integer.MAX_VALUE); // MISSING_FIELD / WRONG_TYPE
        return null;
    }

    private static void checkDataLength(ObjectFields t, TensorType dtype, List<Long> shape, int dataBytes,
            Problems problems) {
        long expected = ELEMENT_BYTES.get(dtype);
        try {
            for (long d : shape) {
                expected = Math.multiplyExact(expected, d);
            }
        } catch (ArithmeticException e) {
            expected = -1;
        }
        if (expected != dataBytes) {
            problems.semantic(ReasonCode.OUT_OF_RANGE, "'data' holds " + dataBytes + " bytes; shape " + shape + " of "
                    + dtype + " needs " + (expected < 0 ? "more than 2^63" : Long.toString(expected)), t.at("data"));
        }
    }
}
