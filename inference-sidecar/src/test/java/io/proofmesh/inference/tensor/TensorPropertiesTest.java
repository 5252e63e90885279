package io.proofmesh.inference.tensor;

import static io.proofmesh.inference.tensor.WireTensors.data;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips on random shapes, dtypes and bit patterns (every finite float, subnormals and -0 included). */
class TensorPropertiesTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final TensorType[] TYPES = {
        TensorType.FLOAT32, TensorType.FLOAT64, TensorType.INT32, TensorType.INT64, TensorType.UINT8, TensorType.BOOL
    };

    record Batch(List<Tensor> parts) {
    }

    @Provide
    Arbitrary<Tensor> tensors() {
        return Arbitraries.randomValue(r -> {
            TensorType dtype = TYPES[r.nextInt(TYPES.length)];
            List<Long> shape = new ArrayList<>();
            int rank = r.nextInt(5);
            for (int i = 0; i < rank; i++) {
                shape.add(1L + r.nextInt(5));
            }
            return random(r, "t" + r.nextInt(3), dtype, shape);
        });
    }

    @Provide
    Arbitrary<Batch> batches() {
        return Arbitraries.randomValue(r -> {
            TensorType dtype = TYPES[r.nextInt(TYPES.length)];
            List<Long> row = new ArrayList<>();
            int rank = r.nextInt(4);
            for (int i = 0; i < rank; i++) {
                row.add(1L + r.nextInt(4));
            }
            int n = 1 + r.nextInt(6);
            List<Tensor> parts = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                List<Long> shape = new ArrayList<>();
                shape.add((long) r.nextInt(4)); // 0 rows allowed in a batch part
                shape.addAll(row);
                parts.add(random(r, "x", dtype, shape));
            }
            return new Batch(parts);
        });
    }

    @Property(tries = 300)
    void avroToOrtToAvroIsExact(@ForAll("tensors") Tensor in) throws Exception {
        // the spec frees the first dimension, as a batchable model's does
        List<Long> specShape = new ArrayList<>(in.getShape());
        if (!specShape.isEmpty()) {
            specShape.set(0, -1L);
        }
        TensorSpec spec = new TensorSpec(in.getName(), in.getDtype(), specShape);
        try (OnnxTensor onnx = new TensorCodec().toOnnx(ENV, in, spec)) {
            assertThat(onnx.getInfo().getShape()).containsExactly(in.getShape().stream().mapToLong(Long::longValue).toArray());
            Tensor out = TensorCodec.fromOnnx(in.getName(), onnx);
            assertThat(out.getDtype()).isEqualTo(in.getDtype());
            assertThat(out.getShape()).isEqualTo(in.getShape());
            assertThat(data(out)).isEqualTo(data(in));
        }
    }

    @Property(tries = 300)
    void unstackUndoesStack(@ForAll("batches") Batch batch) {
        Tensor stacked = TensorStack.stack(batch.parts());
        long rows = batch.parts().stream().mapToLong(t -> t.getShape().get(0)).sum();
        assertThat(stacked.getShape().get(0)).isEqualTo(rows);
        List<Long> sizes = batch.parts().stream().map(t -> t.getShape().get(0)).toList();
        List<Tensor> back = TensorStack.unstack(stacked, sizes);
        assertThat(back).hasSameSizeAs(batch.parts());
        for (int i = 0; i < back.size(); i++) {
            assertThat(back.get(i).getShape()).isEqualTo(batch.parts().get(i).getShape());
            assertThat(data(back.get(i))).isEqualTo(data(batch.parts().get(i)));
            assertThat(back.get(i)).isEqualTo(batch.parts().get(i));
        }
    }

    @Property(tries = 200)
    void aTensorComparedWithItselfDiffersByZeroAndDigestsAlike(@ForAll("tensors") Tensor t) {
        Tensor copy = new Tensor(t.getName(), t.getDtype(), List.copyOf(t.getShape()), ByteBuffer.wrap(data(t)));
        assertThat(TensorComparison.maxAbsDiff(List.of(t), List.of(copy))).isZero();
        assertThat(OutputDigest.of(List.of(t), 1e-4)).isEqualTo(OutputDigest.of(List.of(copy), 1e-4));
    }

    private static Tensor random(Random r, String name, TensorType dtype, List<Long> shape) {
        int n = (int) TensorElements.elementCount(shape);
        ByteBuffer b = ByteBuffer.allocate(n * Dtype.size(dtype)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (dtype) {
                case FLOAT32 -> {
                    float f = Float.intBitsToFloat(r.nextInt());
                    b.putFloat(Float.isFinite(f) ? f : -0f);
                }
                case FLOAT64 -> {
                    double d = Double.longBitsToDouble(r.nextLong());
                    b.putDouble(Double.isFinite(d) ? d : Double.MIN_VALUE);
                }
                case INT32 -> b.putInt(r.nextInt());
                case INT64 -> b.putLong(r.nextLong());
                case UINT8 -> b.put((byte) r.nextInt(256));
                case BOOL -> b.put((byte) r.nextInt(2));
                default -> throw new IllegalStateException();
            }
        }
        return new Tensor(name, dtype, shape, b.rewind());
    }
}
