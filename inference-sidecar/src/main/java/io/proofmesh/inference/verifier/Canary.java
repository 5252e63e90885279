package io.proofmesh.inference.verifier;

import io.proofmesh.schemas.common.Tensor;
import java.util.List;

/** A canary job's known answer, kept by the verifier only (never on the wire). */
public record Canary(String jobId, String modelId, List<Tensor> expectedOutputs, double tolerance) {

    public Canary {
        expectedOutputs = List.copyOf(expectedOutputs);
    }
}
