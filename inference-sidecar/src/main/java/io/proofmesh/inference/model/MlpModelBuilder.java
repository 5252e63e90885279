package io.proofmesh.inference.model;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Builds the small MLP the sidecar serves without any download: {@code x} float32 [-1, 16] →
 * Gemm 16×32 → Relu → Gemm 32×4 → Softmax → {@code probabilities} float32 [-1, 4].
 *
 * <p>Weights come from {@link Random} with a fixed seed, whose sequence the JDK specifies, and
 * the protobuf has no map fields, so every build writes the same bytes — the manifest's sha256
 * of this model is stable across machines.
 *
 * <p>{@link #main} is run by the build ({@code process-classes}) to write
 * {@code target/models/mlp-16x32x4.onnx}.
 */
public final class MlpModelBuilder {

    public static final String MODEL_ID = "mlp-16x32x4";
    public static final String FILE_NAME = MODEL_ID + ".onnx";
    public static final String INPUT = "x";
    public static final String OUTPUT = "probabilities";
    public static final int FEATURES = 16;
    public static final int HIDDEN = 32;
    public static final int CLASSES = 4;
    static final long SEED = 0x70726f6f666d65L; // "proofme"

    private MlpModelBuilder() {
    }

    /** The serialized ONNX model. */
    public static byte[] build() {
        Random random = new Random(SEED);
        ONNXContext ctx = new ONNXContext();
        ctx.setName("proofmesh-mlp-16x32x4");
        ONNXPlaceholder x = ctx.floatInput(INPUT, FEATURES);
        ONNXPlaceholder probabilities = ctx.floatOutput(OUTPUT, CLASSES);

        ONNXInitializer w1 = weights(ctx, "w1", FEATURES, HIDDEN, random);
        ONNXInitializer b1 = bias(ctx, "b1", HIDDEN, random);
        ONNXInitializer w2 = weights(ctx, "w2", HIDDEN, CLASSES, random);
        ONNXInitializer b2 = bias(ctx, "b2", CLASSES, random);

        ONNXNode hidden = x.apply(ONNXOperators.GEMM, List.of(w1, b1), "hidden");
        ONNXNode activated = hidden.apply(ReluOperator.RELU, "hidden_relu");
        ONNXNode logits = activated.apply(ONNXOperators.GEMM, List.of(w2, b2), "logits");
        logits.apply(ONNXOperators.SOFTMAX, Map.of("axis", 1)).assignTo(probabilities);

        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(7) // IR 7 pairs with opset 13
                .setProducerName("proofmesh")
                .setProducerVersion("1")
                .setDomain("io.proofmesh")
                .setModelVersion(1)
                .setDocString("Deterministic demo MLP for the inference sidecar (seeded weights, no training).")
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setGraph(ctx.buildGraph())
                .build();
        return model.toByteArray();
    }

    /** Writes the model to {@code file}, creating parent directories. */
    public static void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(file, build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MLP model to " + file, e);
        }
    }

    /** Glorot-uniform weights, [fanIn, fanOut] row-major (Gemm's B without transpose). */
    private static ONNXInitializer weights(ONNXContext ctx, String name, int fanIn, int fanOut, Random random) {
        float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
        return ctx.floatTensor(name, List.of(fanIn, fanOut), buffer -> fill(buffer, fanIn * fanOut, limit, random));
    }

    private static ONNXInitializer bias(ONNXContext ctx, String name, int size, Random random) {
        return ctx.floatTensor(name, List.of(size), buffer -> fill(buffer, size, 0.1f, random));
    }

    private static void fill(FloatBuffer buffer, int count, float limit, Random random) {
        for (int i = 0; i < count; i++) {
            buffer.put((random.nextFloat() * 2f - 1f) * limit);
        }
    }

    /** {@code MlpModelBuilder <output file>}: the build's entry point. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: MlpModelBuilder <output .onnx file>");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        write(out);
        System.out.println("wrote " + out + " (" + MODEL_ID + ")");
    }
}
