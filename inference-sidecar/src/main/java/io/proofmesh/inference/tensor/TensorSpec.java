package io.proofmesh.inference.tensor;

import io.proofmesh.schemas.common.TensorType;
import java.util.List;

/**
 * What a model expects of one input (or declares of one output): its name, element type and
 * shape, -1 marking a dimension of any size (the batch dimension, typically).
 *
 * @param name  the ONNX input/output name
 * @param dtype element type
 * @param shape dimensions; -1 = any size ≥ 1
 */
public record TensorSpec(String name, TensorType dtype, List<Long> shape) {

    public TensorSpec {
        shape = List.copyOf(shape);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a tensor spec needs a name");
        }
        for (Long d : shape) {
            if (d == null || d < -1 || d == 0) {
                throw new IllegalArgumentException("tensor " + name + ": dimensions must be -1 (any) or positive, got " + shape);
            }
        }
    }

    /** A spec from dimensions written out, e.g. {@code of("x", FLOAT32, -1, 3, 48, 192)}. */
    public static TensorSpec of(String name, TensorType dtype, long... shape) {
        return new TensorSpec(name, dtype, java.util.Arrays.stream(shape).boxed().toList());
    }

    public int rank() {
        return shape.size();
    }
}
