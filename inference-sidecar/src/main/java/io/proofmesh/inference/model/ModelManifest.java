package io.proofmesh.inference.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue's {@code models.json}: {@code {"models": [ModelEntry...]}}. Reading it is strict
 * (an unknown field or a malformed entry fails the whole manifest with the reason): a manifest is
 * written by an operator, and a typo there must not silently drop a model.
 */
public record ModelManifest(List<ModelEntry> models) {

    public static final String FILE_NAME = "models.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public ModelManifest {
        models = List.copyOf(models == null ? List.of() : models);
        Map<String, ModelEntry> seen = new LinkedHashMap<>();
        for (ModelEntry m : models) {
            if (seen.put(m.modelId(), m) != null) {
                throw new IllegalArgumentException("model " + m.modelId() + " is listed twice");
            }
        }
    }

    /** Reads {@code dir/models.json}. */
    public static ModelManifest read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no model manifest at " + file + " (create it, or run the dev catalogue preparation)");
        }
        try {
            return JSON.readValue(file.toFile(), ModelManifest.class);
        } catch (JsonProcessingException e) {
            throw new IOException("model manifest " + file + " is invalid: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes this manifest to {@code dir/models.json}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(FILE_NAME).toFile(), this);
    }
}
