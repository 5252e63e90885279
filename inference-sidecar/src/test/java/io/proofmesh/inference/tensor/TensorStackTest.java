package io.proofmesh.inference.tensor;

import static io.proofmesh.inference.tensor.WireTensors.data;
import static io.proofmesh.inference.tensor.WireTensors.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorStackTest {

    private final Tensor a = WireTensors.floats("x", shape(1, 2), 1, 2);
    private final Tensor b = WireTensors.floats("x", shape(2, 2), 3, 4, 5, 6);

    @Test
    void stackingConcatenatesRowsAlongDimensionZero() throws Exception {
        Tensor s = TensorStack.stack(List.of(a, b));
        assertThat(s.getShape()).containsExactly(3L, 2L);
        assertThat(s).isEqualTo(WireTensors.floats("x", shape(3, 2), 1, 2, 3, 4, 5, 6));
        // what ONNX Runtime sees of the stacked batch
        try (OnnxTensor t = new TensorCodec().toOnnx(OrtEnvironment.getEnvironment(), s, TensorSpec.of("x", TensorType.FLOAT32, -1, 2))) {
            assertThat(((float[][]) t.getValue())[2]).containsExactly(5f, 6f);
        }
    }

    @Test
    void unstackingGivesBackTheExactParts() {
        List<Tensor> parts = TensorStack.unstack(TensorStack.stack(List.of(a, b)), List.of(1L, 2L));
        assertThat(parts).containsExactly(a, b);
        assertThat(data(parts.get(1))).isEqualTo(data(b));
    }

    @Test
    void unstackingAcceptsEmptyParts() {
        List<Tensor> parts = TensorStack.unstack(b, List.of(0L, 2L, 0L));
        assertThat(parts).extracting(Tensor::getShape).containsExactly(shape(0, 2), shape(2, 2), shape(0, 2));
        assertThat(parts.get(1)).isEqualTo(b);
        assertThat(data(parts.get(0))).isEmpty();
    }

    @Test
    void stackingRefusesTensorsOfDifferentSpecs() {
        assertThatThrownBy(() -> TensorStack.stack(List.of(a, WireTensors.floats("x", shape(1, 3), 1, 2, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all dimensions but the first");
        assertThatThrownBy(() -> TensorStack.stack(List.of(a, WireTensors.doubles("x", shape(1, 2), 1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TensorStack.stack(List.of(a, WireTensors.floats("y", shape(1, 2), 1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TensorStack.stack(List.of(WireTensors.floats("x", shape(), 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scalar");
        assertThatThrownBy(() -> TensorStack.stack(List.of(a, WireTensors.raw("x", TensorType.FLOAT32, shape(1, 2), new byte[7]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data bytes");
        assertThatThrownBy(() -> TensorStack.stack(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unstackingRefusesSizesThatDoNotSumToTheBatch() {
        assertThatThrownBy(() -> TensorStack.unstack(b, List.of(1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1, dimension 0 is 2");
        assertThatThrownBy(() -> TensorStack.unstack(b, List.of(3L, -1L))).isInstanceOf(IllegalArgumentException.class);
    }
}
