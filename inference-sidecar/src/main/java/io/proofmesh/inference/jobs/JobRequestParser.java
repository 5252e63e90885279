package io.proofmesh.inference.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.InferenceJob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a job submission ({@code POST /v1/jobs}, {@code proofmesh jobs submit}) into an
 * {@link InferenceJob}: strict JSON, every field checked, a fresh jobId. Whether the tensors fit
 * the model is the sidecar's check (it answers INVALID_INPUT); here only the encoding is.
 *
 * <pre>
 * {"modelId": "mlp-16x32x4",
 *  "inputs": [{"name": "x", "dtype": "FLOAT32", "shape": [1, 16], "data": "&lt;base64, little-endian row-major&gt;"}],
 *  "deadlineMs": 30000,            // optional, 100 .. 3 600 000, default 60 000
 *  "requester": "team-a"}          // optional, 1-64 of a-z 0-9 . _ -, default "api"
 * </pre>
 */
public final class JobRequestParser {

    public static final int MAX_INPUTS = 16;
    public static final long MAX_ELEMENTS = 16L << 20;
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern REQUESTER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> FIELDS = Set.of("modelId", "inputs", "deadlineMs", "requester");
    private static final Set<String> TENSOR_FIELDS = Set.of("name", "dtype", "shape", "data");

    private JobRequestParser() {}

    public static InferenceJob parse(byte[] body, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new JobRequestException("MALFORMED_JSON", "", "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new JobRequestException("MALFORMED_JSON", "", "the body must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new JobRequestException("UNKNOWN_FIELD", "/" + f, "unknown field '" + f + "'; fields are " + FIELDS);
            }
        }
        String modelId = text(root, "modelId", "/modelId");
        if (!MODEL_ID.matcher(modelId).matches()) {
            throw new JobRequestException("BAD_FIELD", "/modelId", "modelId must be 1-128 of A-Z a-z 0-9 . _ -");
        }
        long deadlineMs = DEFAULT_DEADLINE.toMillis();
        if (root.has("deadlineMs")) {
            JsonNode d = root.get("deadlineMs");
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 100 || d.asLong() > 3_600_000) {
                throw new JobRequestException("BAD_FIELD", "/deadlineMs", "deadlineMs must be an integer in 100 .. 3600000");
            }
            deadlineMs = d.asLong();
        }
        String requester = root.has("requester") ? text(root, "requester", "/requester") : "api";
        if (!REQUESTER.matcher(requester).matches()) {
            throw new JobRequestException("BAD_FIELD", "/requester", "requester must be 1-64 of a-z 0-9 . _ -");
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty() || inputs.size() > MAX_INPUTS) {
            throw new JobRequestException("BAD_FIELD", "/inputs", "inputs must be an array of 1.." + MAX_INPUTS + " tensors");
        }
        List<Tensor> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = tensor(inputs.get(i), "/inputs/" + i);
            if (!names.add(t.getName())) {
                throw new JobRequestException("BAD_FIELD", "/inputs/" + i + "/name", "input '" + t.getName() + "' given twice");
            }
            tensors.add(t);
        }
        return InferenceJob.newBuilder()
                .setJobId("job-" + UUID.randomUUID())
                .setModelId(modelId)
                .setInputs(tensors)
                .setSubmittedAt(now)
                .setDeadline(now.plusMillis(deadlineMs))
                .setRequester(requester)
                .build();
    }

    private static Tensor tensor(JsonNode n, String at) {
        if (n == null || !n.isObject()) {
            throw new JobRequestException("BAD_FIELD", at, "a tensor must be an object {name, dtype, shape, data}");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TENSOR_FIELDS.contains(f)) {
                throw new JobRequestException("UNKNOWN_FIELD", at + "/" + f, "unknown tensor field '" + f + "'");
            }
        }
        String name = text(n, "name", at + "/name");
        if (name.isEmpty() || name.length() > 128) {
            throw new JobRequestException("BAD_FIELD", at + "/name", "a tensor name is 1-128 characters");
        }
        TensorType dtype;
        try {
            dtype = TensorType.valueOf(text(n, "dtype", at + "/dtype"));
        } catch (IllegalArgumentException e) {
            dtype = TensorType.UNKNOWN;
        }
        if (dtype == TensorType.UNKNOWN) {
            throw new JobRequestException("BAD_FIELD", at + "/dtype", "dtype must be FLOAT32, FLOAT64, INT32, INT64, UINT8 or BOOL");
        }
        JsonNode shapeNode = n.get("shape");
        if (shapeNode == null || !shapeNode.isArray() || shapeNode.size() > 8) {
            throw new JobRequestException("BAD_FIELD", at + "/shape", "shape must be an array of 0-8 non-negative integers");
        }
        List<Long> shape = new ArrayList<>();
        long elements = 1;
        for (JsonNode d : shapeNode) {
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
                throw new JobRequestException("BAD_FIELD", at + "/shape", "shape must be an array of 0-8 non-negative integers");
            }
            shape.add(d.asLong());
            try {
                elements = Math.multiplyExact(elements, d.asLong());
            } catch (ArithmeticException e) {
                elements = Long.MAX_VALUE;
            }
        }
        if (elements > MAX_ELEMENTS) {
            throw new JobRequestException("TOO_LARGE", at + "/shape", "at most " + MAX_ELEMENTS + " elements per tensor");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(text(n, "data", at + "/data"));
        } catch (IllegalArgumentException e) {
            throw new JobRequestException("BAD_FIELD", at + "/data", "data must be standard base64: " + e.getMessage());
        }
        long expected = elements * io.proofmesh.inference.tensor.Dtype.size(dtype);
        if (data.length != expected) {
            throw new JobRequestException("BAD_FIELD", at + "/data", "data holds " + data.length + " bytes; shape " + shape + " of "
                    + dtype + " needs " + expected);
        }
        return Tensor.newBuilder().setName(name).setDtype(dtype).setShape(shape).setData(ByteBuffer.wrap(data)).build();
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new JobRequestException(v == null ? "MISSING_FIELD" : "BAD_FIELD", at, "'" + field + "' must be a string");
        }
        return v.asText();
    }
}
