package io.proofmesh.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.proofmesh.inference.tensor.TensorSpec;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.schemas.common.TensorType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogueTest {

    @TempDir
    Path dir;

    private ModelManifest prepare() throws Exception {
        return DevModels.prepare(dir, Settings.of(Map.of()));
    }

    @Test
    void loadsBothRealModelsWithOneSessionEach() throws Exception {
        prepare();
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir)) {
            assertThat(catalogue.statuses()).extracting(s -> s.entry().modelId())
                    .containsExactly(DevModels.MLP_MODEL_ID, DevModels.CNN_MODEL_ID);
            assertThat(catalogue.statuses()).allMatch(ModelStatus::available);
            ModelSession mlp = catalogue.session(DevModels.MLP_MODEL_ID);
            ModelSession cnn = catalogue.session(DevModels.CNN_MODEL_ID);
            assertThat(mlp).isNotSameAs(cnn);
            assertThat(mlp.entry().batchable()).isTrue();
            assertThat(cnn.entry().tolerance()).isEqualTo(DevModels.CNN_TOLERANCE);
            assertThat(catalogue.provider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(catalogue.describe()).contains(DevModels.MLP_MODEL_ID + ": loaded", DevModels.CNN_MODEL_ID + ": loaded");
        }
    }

    @Test
    void mlpThroughTheCatalogueIsBitIdenticalToABareSession() throws Exception {
        prepare();
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir);
             OnnxTensor x = DirectRun.randomTensor(7, 8, MlpModelBuilder.FEATURES)) {
            Map<String, OnnxTensor> inputs = Map.of(MlpModelBuilder.INPUT, x);
            float[] viaCatalogue;
            try (OrtSession.Result r = catalogue.session(DevModels.MLP_MODEL_ID).run(inputs)) {
                viaCatalogue = DirectRun.floats(r, MlpModelBuilder.OUTPUT);
            }
            float[] bare = DirectRun.runBare(dir.resolve(MlpModelBuilder.FILE_NAME), inputs, MlpModelBuilder.OUTPUT);
            assertThat(viaCatalogue).hasSize(8 * MlpModelBuilder.CLASSES).containsExactly(bare);
            // softmax rows: a real forward pass, not zeros
            for (int row = 0; row < 8; row++) {
                float sum = 0;
                for (int c = 0; c < MlpModelBuilder.CLASSES; c++) {
                    sum += viaCatalogue[row * MlpModelBuilder.CLASSES + c];
                }
                assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void cnnThroughTheCatalogueIsBitIdenticalToABareSession() throws Exception {
        prepare();
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir);
             OnnxTensor x = DirectRun.randomTensor(11, 2, 3, DevModels.CNN_HEIGHT, DevModels.CNN_WIDTH)) {
            Map<String, OnnxTensor> inputs = Map.of(DevModels.CNN_INPUT, x);
            float[] viaCatalogue;
            try (OrtSession.Result r = catalogue.session(DevModels.CNN_MODEL_ID).run(inputs)) {
                viaCatalogue = DirectRun.floats(r, DevModels.CNN_OUTPUT);
            }
            float[] bare = DirectRun.runBare(dir.resolve(DevModels.CNN_FILE), inputs, DevModels.CNN_OUTPUT);
            assertThat(viaCatalogue).hasSize(4).containsExactly(bare);
            assertThat(viaCatalogue[0] + viaCatalogue[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void concurrentRunsOnOneSessionAllGiveTheSameAnswer() throws Exception {
        prepare();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir);
             OnnxTensor x = DirectRun.randomTensor(3, 4, MlpModelBuilder.FEATURES)) {
            ModelSession mlp = catalogue.session(DevModels.MLP_MODEL_ID);
            List<Future<float[]>> runs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                runs.add(pool.submit(() -> {
                    try (OrtSession.Result r = mlp.run(Map.of(MlpModelBuilder.INPUT, x))) {
                        return DirectRun.floats(r, MlpModelBuilder.OUTPUT);
                    }
                }));
            }
            float[] first = runs.get(0).get();
            for (Future<float[]> f : runs) {
                assertThat(f.get()).containsExactly(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFlippedByteMarksThatModelCorruptAndLeavesTheOtherServing() throws Exception {
        prepare();
        Path cnn = dir.resolve(DevModels.CNN_FILE);
        byte[] bytes = Files.readAllBytes(cnn);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(cnn, bytes);
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir)) {
            assertThatThrownBy(() -> catalogue.session(DevModels.CNN_MODEL_ID))
                    .isInstanceOfSatisfying(UnavailableModelException.class, e -> {
                        assertThat(e.reason()).isEqualTo(UnavailableReason.CORRUPT_MODEL);
                        assertThat(e.modelId()).isEqualTo(DevModels.CNN_MODEL_ID);
                        assertThat(e.getMessage()).contains("sha256", ModelDigest.sha256Hex(bytes));
                    });
            assertThat(catalogue.session(DevModels.MLP_MODEL_ID)).isNotNull();
            assertThat(catalogue.describe()).contains("UNAVAILABLE CORRUPT_MODEL");
        }
    }

    @Test
    void aFileOrtCannotParseIsCorruptEvenWithAMatchingDigest() throws Exception {
        prepare();
        byte[] garbage = "not an onnx model".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(dir.resolve("garbage.onnx"), garbage);
        ModelEntry mlp = ModelManifest.read(dir).models().get(0);
        writeManifest(new ModelEntry("garbage", "garbage.onnx", ModelDigest.sha256Hex(garbage),
                mlp.inputs(), mlp.outputs(), true, 1e-5), mlp);
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir)) {
            assertThatThrownBy(() -> catalogue.session("garbage"))
                    .isInstanceOfSatisfying(UnavailableModelException.class, e -> {
                        assertThat(e.reason()).isEqualTo(UnavailableReason.CORRUPT_MODEL);
                        assertThat(e.getMessage()).contains("ONNX Runtime cannot load");
                    });
            assertThat(catalogue.session(mlp.modelId())).isNotNull();
        }
    }

    @Test
    void aMissingFileIsReportedAsSuch() throws Exception {
        prepare();
        Files.delete(dir.resolve(MlpModelBuilder.FILE_NAME));
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir)) {
            assertThatThrownBy(() -> catalogue.session(DevModels.MLP_MODEL_ID))
                    .isInstanceOfSatisfying(UnavailableModelException.class, e -> {
                        assertThat(e.reason()).isEqualTo(UnavailableReason.MISSING_FILE);
                        assertThat(e.getMessage()).contains(MlpModelBuilder.FILE_NAME);
                    });
            assertThat(catalogue.session(DevModels.CNN_MODEL_ID)).isNotNull();
        }
    }

    @Test
    void manifestNamesThatDifferFromTheModelAreRefusedAtLoad() throws Exception {
        ModelManifest real = prepare();
        ModelEntry mlp = real.models().get(0);
        ModelEntry cnn = real.models().get(1);
        ModelEntry wrongInput = new ModelEntry(mlp.modelId(), mlp.file(), mlp.sha256(),
                List.of(new TensorSpec("features", TensorType.FLOAT32, List.of(-1L, 16L))), mlp.outputs(), true, 1e-5);
        ModelEntry wrongOutput = new ModelEntry(cnn.modelId(), cnn.file(), cnn.sha256(),
                cnn.inputs(), List.of(new TensorSpec("logits", TensorType.FLOAT32, List.of(-1L, 2L))), true, 1e-4);
        writeManifest(wrongInput, wrongOutput);
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir)) {
            assertThatThrownBy(() -> catalogue.session(mlp.modelId()))
                    .isInstanceOfSatisfying(UnavailableModelException.class, e -> {
                        assertThat(e.reason()).isEqualTo(UnavailableReason.SIGNATURE_MISMATCH);
                        assertThat(e.getMessage()).contains("[features]", "[x]");
                    });
            assertThatThrownBy(() -> catalogue.session(cnn.modelId()))
                    .isInstanceOfSatisfying(UnavailableModelException.class, e -> {
                        assertThat(e.reason()).isEqualTo(UnavailableReason.SIGNATURE_MISMATCH);
                        assertThat(e.getMessage()).contains("output 'logits' is not in the model", DevModels.CNN_OUTPUT);
                    });
        }
    }

    @Test
    void aDeclaredTypeOrFixedDimensionTheModelDoesNotHaveIsRefused() throws Exception {
        ModelManifest real = prepare();
        ModelEntry mlp = real.models().get(0);
        ModelEntry cnn = real.models().get(1);
        ModelEntry wrongType = new ModelEntry(mlp.modelId(), mlp.file(), mlp.sha256(),
                List.of(new TensorSpec("x", TensorType.FLOAT64, List.of(-1L, 16L))), mlp.outputs(), true, 1e-5);
        ModelEntry wrongChannels = new ModelEntry(cnn.modelId(), cnn.file(), cnn.sha256(),
                List.of(new TensorSpec("x", TensorType.FLOAT32, List.of(-1L, 1L, 48L, 192L))), cnn.outputs(), true, 1e-4);
        writeManifest(wrongType, wrongChannels);
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir)) {
            assertThatThrownBy(() -> catalogue.session(mlp.modelId()))
                    .hasMessageContaining("declared FLOAT64 but the model has FLOAT");
            assertThatThrownBy(() -> catalogue.session(cnn.modelId()))
                    .hasMessageContaining("dimension 1 is declared 1 but the model fixes it at 3");
        }
    }

    @Test
    void anIdNotInTheManifestIsUnknown() throws Exception {
        prepare();
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir)) {
            assertThatThrownBy(() -> catalogue.session("resnet-50"))
                    .isInstanceOfSatisfying(UnknownModelException.class, e -> assertThat(e.modelId()).isEqualTo("resnet-50"));
            assertThat(catalogue.entry("resnet-50")).isEmpty();
        }
    }

    @Test
    void aClosedSessionRefusesToRun() throws Exception {
        prepare();
        ModelSession mlp;
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir)) {
            mlp = catalogue.session(DevModels.MLP_MODEL_ID);
        }
        try (OnnxTensor x = DirectRun.randomTensor(1, 1, MlpModelBuilder.FEATURES)) {
            assertThatThrownBy(() -> mlp.run(Map.of(MlpModelBuilder.INPUT, x)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void aMissingManifestFailsTheLoadWithWhereItLooked() {
        assertThatThrownBy(() -> ModelCatalogue.load(dir))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining(dir.resolve("models.json").toString());
    }

    private void writeManifest(ModelEntry... entries) throws Exception {
        new ModelManifest(List.of(entries)).write(dir);
    }
}
