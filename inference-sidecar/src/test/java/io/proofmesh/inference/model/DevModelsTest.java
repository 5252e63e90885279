package io.proofmesh.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.inference.tensor.TensorSpec;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.schemas.common.TensorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevModelsTest {

    @TempDir
    Path dir;

    @Test
    void writesBothFilesAndAManifestWithTheirRealDigests() throws Exception {
        ModelManifest written = DevModels.prepare(dir, Settings.of(Map.of()));
        ModelManifest read = ModelManifest.read(dir);
        assertThat(read).isEqualTo(written);
        for (ModelEntry e : read.models()) {
            assertThat(e.sha256()).isEqualTo(ModelDigest.sha256Hex(Files.readAllBytes(dir.resolve(e.file()))));
        }
        ModelEntry cnn = read.models().get(1);
        assertThat(cnn.inputs()).containsExactly(new TensorSpec("x", TensorType.FLOAT32, List.of(-1L, 3L, 48L, 192L)));
        assertThat(cnn.outputs()).containsExactly(new TensorSpec("softmax_0.tmp_0", TensorType.FLOAT32, List.of(-1L, 2L)));
        // the copy is the npm file, byte for byte
        Path npm = DevModels.locateNodeModules(Settings.of(Map.of()));
        assertThat(Files.readAllBytes(dir.resolve(DevModels.CNN_FILE)))
                .isEqualTo(Files.readAllBytes(npm.resolve(DevModels.OCR_ASSETS).resolve(DevModels.CNN_FILE)));
    }

    @Test
    void aNodeModulesWithoutTheOcrModelsNamesNpmCi() {
        Settings settings = Settings.of(Map.of(DevModels.NPM_DIR_SETTING, dir.resolve("node_modules").toString()));
        assertThatThrownBy(() -> DevModels.prepare(dir.resolve("catalogue"), settings))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("npm ci").hasMessageContaining(DevModels.NPM_DIR_SETTING);
        assertThat(dir.resolve("catalogue")).doesNotExist();
    }
}
