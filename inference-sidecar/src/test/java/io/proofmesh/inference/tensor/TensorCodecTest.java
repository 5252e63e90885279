package io.proofmesh.inference.tensor;

import static io.proofmesh.inference.tensor.WireTensors.data;
import static io.proofmesh.inference.tensor.WireTensors.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.InferenceJob;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final TensorSpec IMAGE = TensorSpec.of("x", TensorType.FLOAT32, -1, 2, 3);

    private final TensorCodec codec = new TensorCodec();

    private static Tensor image(long batch) {
        float[] v = new float[(int) batch * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f - 1;
        }
        return WireTensors.floats("x", shape(batch, 2, 3), v);
    }

    private static void assertRefused(ThrowingCallable call, TensorRefusal reason, String tensor) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidTensorException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.tensorName()).isEqualTo(tensor);
            assertThat(e.getMessage()).startsWith(reason + ": input '" + tensor + "'");
        });
    }

    @Test
    void aValidInputBecomesAnOrtTensorWithTheSameValues() throws Exception {
        try (OnnxTensor t = codec.toOnnx(ENV, image(2), IMAGE)) {
            assertThat(t.getInfo().getShape()).containsExactly(2, 2, 3);
            float[][][] v = (float[][][]) t.getValue();
            assertThat(v[0][0]).containsExactly(-1f, -0.5f, 0f);
            assertThat(v[1][1]).containsExactly(3.5f, 4f, 4.5f);
        }
    }

    @Test
    void theAvroBufferIsNotMovedAndAnOffsetBufferIsReadFromItsPosition() throws Exception {
        Tensor t = image(1);
        ByteBuffer padded = ByteBuffer.allocate(4 + 24);
        padded.position(4);
        padded.put(t.getData().duplicate());
        padded.position(4);
        Tensor offset = new Tensor("x", TensorType.FLOAT32, shape(1, 2, 3), padded);
        try (OnnxTensor o = codec.toOnnx(ENV, offset, IMAGE)) {
            assertThat(((float[][][]) o.getValue())[0][1]).containsExactly(0.5f, 1f, 1.5f);
        }
        assertThat(padded.position()).isEqualTo(4);
        assertThat(TensorCodec.fromOnnx("x", codec.toOnnx(ENV, offset, IMAGE)).getData()).isEqualTo(t.getData());
    }

    @Test
    void wrongName() {
        Tensor t = WireTensors.floats("y", shape(1, 2, 3), new float[6]);
        assertRefused(() -> codec.toOnnx(ENV, t, IMAGE), TensorRefusal.WRONG_NAME, "y");
    }

    @Test
    void wrongDtype() {
        Tensor t = WireTensors.longs("x", shape(1, 2, 3), new long[6]);
        assertRefused(() -> codec.toOnnx(ENV, t, IMAGE), TensorRefusal.WRONG_DTYPE, "x");
    }

    @Test
    void unknownDtypeIsUnsupported() {
        Tensor t = WireTensors.raw("x", TensorType.UNKNOWN, shape(1, 2, 3), new byte[24]);
        assertRefused(() -> codec.toOnnx(ENV, t, IMAGE), TensorRefusal.UNSUPPORTED_DTYPE, "x");
    }

    @Test
    void wrongRank() {
        Tensor t = WireTensors.floats("x", shape(6), new float[6]);
        assertRefused(() -> codec.toOnnx(ENV, t, IMAGE), TensorRefusal.WRONG_RANK, "x");
    }

    @Test
    void wrongShapeWhenAFixedDimensionDiffers() {
        Tensor t = WireTensors.floats("x", shape(1, 3, 2), new float[6]);
        assertRefused(() -> codec.toOnnx(ENV, t, IMAGE), TensorRefusal.WRONG_SHAPE, "x");
    }

    @Test
    void wrongShapeWhenAnyDimensionIsZeroOrNegative() {
        assertRefused(() -> codec.toOnnx(ENV, WireTensors.floats("x", shape(0, 2, 3)), IMAGE), TensorRefusal.WRONG_SHAPE, "x");
        assertRefused(() -> codec.toOnnx(ENV, WireTensors.floats("x", shape(-1, 2, 3)), IMAGE), TensorRefusal.WRONG_SHAPE, "x");
    }

    @Test
    void anyBatchSizeIsAcceptedForAFreeDimension() throws Exception {
        for (long batch : new long[] {1, 7}) {
            try (OnnxTensor t = codec.toOnnx(ENV, image(batch), IMAGE)) {
                assertThat(t.getInfo().getShape()[0]).isEqualTo(batch);
            }
        }
    }

    @Test
    void truncatedData() {
        Tensor t = WireTensors.raw("x", TensorType.FLOAT32, shape(1, 2, 3), Arrays.copyOf(data(image(1)), 23));
        assertRefused(() -> codec.toOnnx(ENV, t, IMAGE), TensorRefusal.WRONG_SIZE, "x");
        assertThatThrownBy(() -> codec.toOnnx(ENV, t, IMAGE)).hasMessageContaining("truncated");
    }

    @Test
    void extraBytes() {
        Tensor t = WireTensors.raw("x", TensorType.FLOAT32, shape(1, 2, 3), Arrays.copyOf(data(image(1)), 28));
        assertRefused(() -> codec.toOnnx(ENV, t, IMAGE), TensorRefusal.WRONG_SIZE, "x");
        assertThatThrownBy(() -> codec.toOnnx(ENV, t, IMAGE)).hasMessageContaining("extra bytes");
    }

    @Test
    void tooLargeAgainstTheConfiguredLimitBeforeTheDataIsLookedAt() throws Exception {
        TensorCodec small = new TensorCodec(12);
        try (OnnxTensor ok = small.toOnnx(ENV, image(2), IMAGE)) {
            assertThat(ok.getInfo().getNumElements()).isEqualTo(12);
        }
        assertRefused(() -> small.toOnnx(ENV, image(3), IMAGE), TensorRefusal.TOO_LARGE, "x");
        // a shape whose element count overflows a long, with no data at all
        Tensor huge = WireTensors.raw("x", TensorType.FLOAT32, shape(Long.MAX_VALUE / 2, 2, 3), new byte[0]);
        assertRefused(() -> codec.toOnnx(ENV, huge, IMAGE), TensorRefusal.TOO_LARGE, "x");
    }

    @Test
    void nanAndInfinityInFloatInputsAreRefused() {
        Tensor nan = WireTensors.floats("x", shape(1, 2, 3), 0, 1, Float.NaN, 3, 4, 5);
        assertRefused(() -> codec.toOnnx(ENV, nan, IMAGE), TensorRefusal.NON_FINITE, "x");
        assertThatThrownBy(() -> codec.toOnnx(ENV, nan, IMAGE)).hasMessageContaining("element 2");
        TensorSpec d = TensorSpec.of("d", TensorType.FLOAT64, 2);
        assertRefused(() -> codec.toOnnx(ENV, WireTensors.doubles("d", shape(2), 1, Double.NEGATIVE_INFINITY), d),
                TensorRefusal.NON_FINITE, "d");
    }

    @Test
    void boolBytesOtherThanZeroOrOneAreRefused() {
        TensorSpec mask = TensorSpec.of("mask", TensorType.BOOL, 3);
        assertRefused(() -> codec.toOnnx(ENV, WireTensors.bytes("mask", TensorType.BOOL, shape(3), 0, 1, 2), mask),
                TensorRefusal.INVALID_BOOL, "mask");
    }

    private static InferenceJob job(Tensor... inputs) {
        return new InferenceJob("job-1", "m@1", List.of(inputs), java.time.Instant.EPOCH, java.time.Instant.ofEpochMilli(1), "0x" + "ab".repeat(20));
    }

    private static final List<TensorSpec> TWO_INPUTS = List.of(IMAGE, TensorSpec.of("k", TensorType.INT64, 1));

    @Test
    void inputsAreBoundByNameInTheModelsOrder() throws Exception {
        Tensor k = WireTensors.longs("k", shape(1), 5);
        assertThat(TensorCodec.inputsFor(job(k, image(1)), TWO_INPUTS)).extracting(Tensor::getName).containsExactly("x", "k");
        Map<String, OnnxTensor> onnx = codec.toOnnxInputs(ENV, job(k, image(1)), TWO_INPUTS);
        try {
            assertThat(onnx.keySet()).containsExactly("x", "k");
            assertThat((long[]) onnx.get("k").getValue()).containsExactly(5L);
        } finally {
            OnnxValue.close(onnx.values());
        }
    }

    @Test
    void missingInput() {
        assertRefused(() -> TensorCodec.inputsFor(job(image(1)), TWO_INPUTS), TensorRefusal.MISSING_INPUT, "k");
    }

    @Test
    void unexpectedInput() {
        Tensor extra = WireTensors.floats("z", shape(1), 1);
        assertRefused(() -> TensorCodec.inputsFor(job(image(1), WireTensors.longs("k", shape(1), 1), extra), TWO_INPUTS),
                TensorRefusal.UNEXPECTED_INPUT, "z");
    }

    @Test
    void aNameWithControlCharactersIsShownPrintableAndShortInTheMessage() {
        String nasty = "a\u0000b\nc" + "z".repeat(300);
        Tensor t = WireTensors.floats(nasty, shape(1), 1);
        assertThatThrownBy(() -> TensorCodec.inputsFor(job(t), TWO_INPUTS)).isInstanceOfSatisfying(InvalidTensorException.class, e -> {
            assertThat(e.reason()).isEqualTo(TensorRefusal.UNEXPECTED_INPUT);
            assertThat(e.tensorName()).isEqualTo(nasty);
            assertThat(e.getMessage()).contains("'a?b?c" + "z".repeat(123) + "'").doesNotContain("\n").doesNotContain("\u0000");
        });
    }

    @Test
    void duplicateInput() {
        assertRefused(() -> TensorCodec.inputsFor(job(image(1), image(2), WireTensors.longs("k", shape(1), 1)), TWO_INPUTS),
                TensorRefusal.DUPLICATE_INPUT, "x");
    }

    @Test
    void aMalformedSecondInputRefusesTheJob() {
        Tensor badK = WireTensors.raw("k", TensorType.INT64, shape(1), new byte[7]);
        assertRefused(() -> codec.toOnnxInputs(ENV, job(image(1), badK), TWO_INPUTS), TensorRefusal.WRONG_SIZE, "k");
    }

    @Test
    void everyDtypeRoundTripsAvroToOrtToAvro() throws Exception {
        List<Tensor> all = List.of(
                WireTensors.floats("f", shape(2, 2), 1.5f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE),
                WireTensors.doubles("d", shape(3), Math.PI, -1e300, Double.MIN_VALUE),
                WireTensors.ints("i", shape(1, 3), Integer.MIN_VALUE, 0, Integer.MAX_VALUE),
                WireTensors.longs("l", shape(2), Long.MIN_VALUE, Long.MAX_VALUE),
                WireTensors.bytes("u", TensorType.UINT8, shape(4), 0, 1, 128, 255),
                WireTensors.bytes("b", TensorType.BOOL, shape(2, 1), 1, 0),
                WireTensors.floats("s", shape(), 42f));
        for (Tensor in : all) {
            TensorSpec spec = new TensorSpec(in.getName(), in.getDtype(), in.getShape());
            try (OnnxTensor onnx = codec.toOnnx(ENV, in, spec)) {
                Tensor out = TensorCodec.fromOnnx(in.getName(), onnx);
                assertThat(out).as(in.getName()).isEqualTo(in);
                assertThat(data(out)).as(in.getName()).isEqualTo(data(in));
            }
        }
    }

    @Test
    void ortAllocatedOutputsAreEncodedLittleEndianRowMajor() throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(ENV, new int[][] {{1, 2}, {3, 0x01020304}})) {
            Tensor out = TensorCodec.fromOnnx("y", t);
            assertThat(out.getDtype()).isEqualTo(TensorType.INT32);
            assertThat(out.getShape()).containsExactly(2L, 2L);
            assertThat(data(out)).containsExactly(1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 3, 2, 1);
        }
        try (OnnxTensor t = OnnxTensor.createTensor(ENV, new boolean[] {true, false, true})) {
            Tensor out = TensorCodec.fromOnnx("m", t);
            assertThat(out.getDtype()).isEqualTo(TensorType.BOOL);
            assertThat(data(out)).containsExactly(1, 0, 1);
        }
    }

    @Test
    void outputsTheWireCannotCarryAreRefused() throws Exception {
        try (OnnxTensor shorts = OnnxTensor.createTensor(ENV, ShortBuffer.wrap(new short[] {1, 2}), new long[] {2});
             OnnxTensor strings = OnnxTensor.createTensor(ENV, new String[] {"a"}, new long[] {1})) {
            assertThatThrownBy(() -> TensorCodec.fromOnnx("s", shorts)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("output s").hasMessageContaining("INT16");
            assertThatThrownBy(() -> TensorCodec.fromOnnx("t", strings)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("output t").hasMessageContaining("STRING");
        }
    }
}
