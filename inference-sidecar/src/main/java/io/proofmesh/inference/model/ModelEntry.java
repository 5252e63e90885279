package io.proofmesh.inference.model;

import io.proofmesh.inference.tensor.TensorSpec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One model of the catalogue manifest ({@code models.json}).
 *
 * @param modelId   the id jobs name
 * @param file      file name inside the catalogue directory
 * @param sha256    lower-case hex sha256 of the file, checked at load
 * @param inputs    the model's inputs as jobs must send them
 * @param outputs   the outputs a result carries
 * @param batchable whether jobs may be stacked along dimension 0 into one run
 * @param tolerance absolute per-element tolerance a verifier allows when re-running a result
 */
public record ModelEntry(String modelId, String file, String sha256, List<TensorSpec> inputs,
                         List<TensorSpec> outputs, boolean batchable, double tolerance) {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModelEntry {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("a manifest entry needs a modelId");
        }
        if (file == null || file.isBlank() || file.contains("/") || file.contains("\\")) {
            throw new IllegalArgumentException("model " + modelId + ": file must be a plain file name in the catalogue directory, got '" + file + "'");
        }
        if (sha256 == null || !HEX_SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("model " + modelId + ": sha256 must be 64 lower-case hex digits");
        }
        inputs = List.copyOf(inputs == null ? List.of() : inputs);
        outputs = List.copyOf(outputs == null ? List.of() : outputs);
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException("model " + modelId + ": declare at least one input and one output");
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("model " + modelId + ": tolerance must be a finite number ≥ 0");
        }
    }
}
