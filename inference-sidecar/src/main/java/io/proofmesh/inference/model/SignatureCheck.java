package io.proofmesh.inference.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.proofmesh.inference.tensor.TensorSpec;
import io.proofmesh.schemas.common.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares a manifest entry with what the loaded model declares. Inputs must match exactly by
 * name (ORT needs every input); outputs may be a subset (a result carries only the declared
 * ones). Each declared tensor must have the model's element type and rank, and wherever the
 * model fixes a dimension the manifest must fix the same size; the manifest may narrow a
 * dimension the model leaves free (the CNN accepts any height and width, jobs send 48×192).
 */
final class SignatureCheck {

    private SignatureCheck() {
    }

    /** Empty when the entry matches the session, else every difference found. */
    static Optional<String> mismatches(ModelEntry entry, OrtSession session) throws OrtException {
        List<String> problems = new ArrayList<>();
        Map<String, NodeInfo> modelInputs = session.getInputInfo();
        Map<String, NodeInfo> modelOutputs = session.getOutputInfo();
        TreeSet<String> declaredInputs = new TreeSet<>();
        entry.inputs().forEach(s -> declaredInputs.add(s.name()));
        if (!declaredInputs.equals(new TreeSet<>(modelInputs.keySet()))) {
            problems.add("inputs declared " + declaredInputs + " but the model has " + new TreeSet<>(modelInputs.keySet()));
        }
        compare("input", entry.inputs(), modelInputs, problems);
        compare("output", entry.outputs(), modelOutputs, problems);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static void compare(String kind, List<TensorSpec> declared, Map<String, NodeInfo> actual, List<String> problems) {
        for (TensorSpec spec : declared) {
            NodeInfo node = actual.get(spec.name());
            if (node == null) {
                problems.add(kind + " '" + spec.name() + "' is not in the model (it has " + new TreeSet<>(actual.keySet()) + ")");
                continue;
            }
            if (!(node.getInfo() instanceof TensorInfo info)) {
                problems.add(kind + " '" + spec.name() + "' is not a tensor in the model");
                continue;
            }
            OnnxJavaType expected = javaType(spec.dtype());
            if (info.type != expected) {
                problems.add(kind + " '" + spec.name() + "' is declared " + spec.dtype() + " but the model has " + info.type);
            }
            long[] modelShape = info.getShape();
            if (modelShape.length != spec.shape().size()) {
                problems.add(kind + " '" + spec.name() + "' is declared with shape " + spec.shape()
                        + " but the model has rank " + modelShape.length + " " + java.util.Arrays.toString(modelShape));
                continue;
            }
            for (int i = 0; i < modelShape.length; i++) {
                if (modelShape[i] > 0 && spec.shape().get(i) != modelShape[i]) {
                    problems.add(kind + " '" + spec.name() + "' dimension " + i + " is declared " + spec.shape().get(i)
                            + " but the model fixes it at " + modelShape[i]);
                }
            }
        }
    }

    private static OnnxJavaType javaType(TensorType type) {
        switch (type) {
            case FLOAT32: return OnnxJavaType.FLOAT;
            case FLOAT64: return OnnxJavaType.DOUBLE;
            case INT32: return OnnxJavaType.INT32;
            case INT64: return OnnxJavaType.INT64;
            case UINT8: return OnnxJavaType.UINT8;
            case BOOL: return OnnxJavaType.BOOL;
            default: return OnnxJavaType.UNKNOWN;
        }
    }
}
