package io.proofmesh.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.inference.tensor.TensorSpec;
import io.proofmesh.schemas.common.TensorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {

    @TempDir
    Path dir;

    private static final String SHA = "ab".repeat(32);

    private static ModelEntry entry(String id) {
        return new ModelEntry(id, id + ".onnx", SHA,
                List.of(new TensorSpec("x", TensorType.FLOAT32, List.of(-1L, 16L))),
                List.of(new TensorSpec("y", TensorType.FLOAT32, List.of(-1L, 4L))), false, 0.5);
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        ModelManifest m = new ModelManifest(List.of(entry("a"), entry("b")));
        m.write(dir);
        assertThat(Files.readString(dir.resolve("models.json"))).contains("\"modelId\" : \"a\"", "\"dtype\" : \"FLOAT32\"");
        assertThat(ModelManifest.read(dir)).isEqualTo(m);
    }

    @Test
    void aTypoOrABadEntryFailsTheManifestWithTheReason() throws Exception {
        new ModelManifest(List.of(entry("a"))).write(dir);
        String valid = Files.readString(dir.resolve("models.json"));
        Files.writeString(dir.resolve("models.json"), valid.replace("\"tolerance\"", "\"tolerence\" : 1, \"tolerance\""));
        assertThatThrownBy(() -> ModelManifest.read(dir)).isInstanceOf(IOException.class).hasMessageContaining("tolerence");
        Files.writeString(dir.resolve("models.json"), valid.replace("\"file\"", "\"fiel\""));
        assertThatThrownBy(() -> ModelManifest.read(dir)).isInstanceOf(IOException.class).hasMessageContaining("file must be");
        Files.writeString(dir.resolve("models.json"), "{\"models\":[{\"modelId\":\"a\",\"file\":\"a.onnx\",\"sha256\":\"xyz\","
                + "\"inputs\":[],\"outputs\":[],\"batchable\":true,\"tolerance\":0}]}");
        assertThatThrownBy(() -> ModelManifest.read(dir)).isInstanceOf(IOException.class).hasMessageContaining("sha256");
    }

    @Test
    void entriesRejectPathsDuplicatesAndNegativeTolerance() {
        assertThatThrownBy(() -> new ModelEntry("a", "../a.onnx", SHA, entry("a").inputs(), entry("a").outputs(), true, 0))
                .hasMessageContaining("plain file name");
        assertThatThrownBy(() -> new ModelEntry("a", "a.onnx", SHA, entry("a").inputs(), entry("a").outputs(), true, -1))
                .hasMessageContaining("tolerance");
        assertThatThrownBy(() -> new ModelManifest(List.of(entry("a"), entry("a")))).hasMessageContaining("twice");
    }
}
