package io.proofmesh.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This host runs the CPU-only ONNX Runtime jar: the CUDA path is exercised only as its failure. */
class ExecutionDeviceTest {

    @TempDir
    Path dir;

    @Test
    void parsesTheThreeDevicesInAnyCase() {
        assertThat(ExecutionDevice.select("cpu")).isEqualTo(ExecutionDevice.CPU);
        assertThat(ExecutionDevice.select("CUDA")).isEqualTo(ExecutionDevice.CUDA);
        assertThat(ExecutionDevice.select(" Auto ")).isEqualTo(ExecutionDevice.AUTO);
        assertThatThrownBy(() -> ExecutionDevice.select("gpu"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu, cuda or auto");
    }

    @Test
    void thisHostHasNoCudaProvider() {
        // the premise of the two tests below
        assertThat(OrtEnvironment.getAvailableProviders()).doesNotContain(ai.onnxruntime.OrtProvider.CUDA);
    }

    @Test
    void cudaWithoutACudaProviderFailsWithWhatToInstall() {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            assertThatThrownBy(() -> ExecutionDevice.CUDA.configure(options))
                    .isInstanceOf(DeviceUnavailableException.class)
                    .hasMessageContaining("CUDA 12").hasMessageContaining("cuDNN 9")
                    .hasMessageContaining("onnxruntime_gpu").hasMessageContaining("--device cpu")
                    .hasCauseInstanceOf(ai.onnxruntime.OrtException.class);
        }
    }

    @Test
    void aCatalogueAskedForCudaFailsToLoadWithTheDocumentedMessage() throws Exception {
        DevModels.prepare(dir, Settings.of(Map.of()));
        SessionSettings cuda = SessionSettings.defaults().withDevice(ExecutionDevice.CUDA);
        assertThatThrownBy(() -> ModelCatalogue.load(dir, cuda))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageStartingWith(ExecutionDevice.CUDA_UNAVAILABLE_ADVICE);
    }

    @Test
    void autoFallsBackToCpuAndRecordsIt() throws Exception {
        DevModels.prepare(dir, Settings.of(Map.of()));
        SessionSettings auto = SessionSettings.from(Settings.of(Map.of("inference.device", "auto")));
        assertThat(auto.device()).isEqualTo(ExecutionDevice.AUTO);
        try (ModelCatalogue catalogue = ModelCatalogue.load(dir, auto)) {
            assertThat(catalogue.provider()).isEqualTo(ExecutionProvider.CPU);
            ModelSession mlp = catalogue.session(DevModels.MLP_MODEL_ID);
            assertThat(mlp.provider().ortName()).isEqualTo("CPUExecutionProvider");
            assertThat(catalogue.statuses()).allMatch(ModelStatus::available);
        }
    }

    @Test
    void sessionSettingsReadThreadsLevelAndDeviceAndRejectNonsense() {
        SessionSettings s = SessionSettings.from(Settings.of(Map.of(
                "inference.intra-op-threads", "2", "inference.optimization-level", "basic", "inference.device", "cuda")));
        assertThat(s.intraOpThreads()).isEqualTo(2);
        assertThat(s.interOpThreads()).isEqualTo(1);
        assertThat(s.optimizationLevel()).isEqualTo(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
        assertThat(s.device()).isEqualTo(ExecutionDevice.CUDA);
        assertThat(SessionSettings.from(Settings.of(Map.of()))).isEqualTo(SessionSettings.defaults());
        assertThatThrownBy(() -> SessionSettings.from(Settings.of(Map.of("inference.device", "tpu"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("inference.device");
        assertThatThrownBy(() -> SessionSettings.from(Settings.of(Map.of("inference.intra-op-threads", "0"))))
                .isInstanceOf(ConfigException.class);
    }
}
