package io.proofmesh.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlpModelBuilderTest {

    /**
     * The digest of the model every build must write. It changes only when the builder, its seed or
     * the protobuf encoding changes — then update it here and accept that older manifests no longer
     * match.
     */
    static final String PINNED_SHA256 = "6795fa63c86248be009e2a90135b756d233aa5c032aefa40512ffe41b8d2dd46";

    @TempDir
    Path dir;

    @Test
    void everyBuildWritesTheSameBytes() {
        byte[] first = MlpModelBuilder.build();
        byte[] second = MlpModelBuilder.build();
        assertThat(second).isEqualTo(first);
        assertThat(ModelDigest.sha256Hex(first)).isEqualTo(PINNED_SHA256);
    }

    @Test
    void theFileTheBuildWroteIsThatModel() throws Exception {
        // written by exec-maven-plugin in process-classes (surefire runs in the module directory)
        Path built = Path.of("target", "models", MlpModelBuilder.FILE_NAME);
        assertThat(built).isRegularFile();
        assertThat(ModelDigest.sha256Hex(Files.readAllBytes(built))).isEqualTo(PINNED_SHA256);
    }

    @Test
    void mainWritesAModelOrtLoadsWithTheDeclaredSignature() throws Exception {
        Path file = dir.resolve("sub").resolve(MlpModelBuilder.FILE_NAME);
        MlpModelBuilder.main(new String[] {file.toString()});
        try (OrtSession session = DirectRun.bareSession(file)) {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            assertThat(inputs).containsOnlyKeys(MlpModelBuilder.INPUT);
            assertThat(outputs).containsOnlyKeys(MlpModelBuilder.OUTPUT);
            TensorInfo in = (TensorInfo) inputs.get(MlpModelBuilder.INPUT).getInfo();
            TensorInfo out = (TensorInfo) outputs.get(MlpModelBuilder.OUTPUT).getInfo();
            assertThat(in.type).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(in.getShape()).containsExactly(-1, MlpModelBuilder.FEATURES);
            assertThat(out.getShape()).containsExactly(-1, MlpModelBuilder.CLASSES);
        }
    }

    @Test
    void differentInputsGiveDifferentProbabilities() throws Exception {
        // seeded weights are not degenerate: the classifier separates inputs
        Path file = dir.resolve(MlpModelBuilder.FILE_NAME);
        MlpModelBuilder.write(file);
        try (var a = DirectRun.randomTensor(1, 1, MlpModelBuilder.FEATURES);
             var b = DirectRun.randomTensor(2, 1, MlpModelBuilder.FEATURES)) {
            float[] pa = DirectRun.runBare(file, Map.of(MlpModelBuilder.INPUT, a), MlpModelBuilder.OUTPUT);
            float[] pb = DirectRun.runBare(file, Map.of(MlpModelBuilder.INPUT, b), MlpModelBuilder.OUTPUT);
            assertThat(pa).isNotEqualTo(pb);
            for (float p : pa) {
                assertThat(p).isBetween(0f, 1f);
            }
        }
    }
}
