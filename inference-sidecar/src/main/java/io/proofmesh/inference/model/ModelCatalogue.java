package io.proofmesh.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models a sidecar serves: a directory with {@code models.json} ({@link ModelManifest}) and
 * the model files, one ONNX Runtime session per model.
 *
 * <p>Loading never fails for the whole catalogue because of one model: a missing file, a file
 * whose sha256 differs from the manifest (or that ORT cannot parse), or a model whose inputs and
 * outputs differ from the manifest is marked unavailable with a reason, and
 * {@link #session(String)} refuses it with {@link UnavailableModelException} — the runner answers
 * that job FAILED and keeps serving the others instead of crash-looping. An unreadable manifest or
 * an execution device that cannot be had ({@code --device cuda} without CUDA) does fail the load:
 * the operator must fix those before anything can run.
 */
public final class ModelCatalogue implements AutoCloseable {

    private final Path dir;
    private final ExecutionProvider provider;
    private final Map<String, ModelStatus> statuses;
    private final Map<String, ModelSession> sessions;

    private ModelCatalogue(Path dir, ExecutionProvider provider, Map<String, ModelStatus> statuses, Map<String, ModelSession> sessions) {
        this.dir = dir;
        this.provider = provider;
        this.statuses = Collections.unmodifiableMap(statuses);
        this.sessions = Collections.unmodifiableMap(sessions);
    }

    /** Loads with {@link SessionSettings#defaults()} (CPU, one intra-op thread). */
    public static ModelCatalogue load(Path dir) throws IOException, DeviceUnavailableException {
        return load(dir, SessionSettings.defaults());
    }

    /**
     * Reads the manifest in {@code dir}, verifies each file and opens its session.
     *
     * @throws IOException                the manifest is missing or invalid
     * @throws DeviceUnavailableException the settings' device cannot be used on this host
     */
    public static ModelCatalogue load(Path dir, SessionSettings settings) throws IOException, DeviceUnavailableException {
        ModelManifest manifest = ModelManifest.read(dir);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        // Decide the provider once, before any model: a device that cannot be had is the
        // operator's error, not one model's.
        ExecutionProvider provider;
        try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
            provider = settings.device().configure(probe);
        }
        Map<String, ModelStatus> statuses = new LinkedHashMap<>();
        Map<String, ModelSession> sessions = new LinkedHashMap<>();
        for (ModelEntry entry : manifest.models()) {
            ModelStatus status = open(env, dir, entry, settings, provider, sessions);
            statuses.put(entry.modelId(), status);
        }
        return new ModelCatalogue(dir, provider, statuses, sessions);
    }

    private static ModelStatus open(OrtEnvironment env, Path dir, ModelEntry entry, SessionSettings settings,
                                    ExecutionProvider provider, Map<String, ModelSession> sessions) throws DeviceUnavailableException {
        Path file = dir.resolve(entry.file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return ModelStatus.unavailable(entry, UnavailableReason.MISSING_FILE, "no file " + file);
        } catch (IOException e) {
            return ModelStatus.unavailable(entry, UnavailableReason.MISSING_FILE, "cannot read " + file + ": " + e.getMessage());
        }
        // The session is created from the very bytes that were hashed: no window for a swap.
        String actual = ModelDigest.sha256Hex(bytes);
        if (!actual.equals(entry.sha256())) {
            return ModelStatus.unavailable(entry, UnavailableReason.CORRUPT_MODEL,
                    file + " has sha256 " + actual + " but the manifest pins " + entry.sha256());
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = null;
        try {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(settings.interOpThreads());
            options.setOptimizationLevel(settings.optimizationLevel());
            // the provider decided once for the catalogue, so every session agrees with provider()
            provider.addTo(options);
            session = env.createSession(bytes, options);
            Optional<String> mismatch = SignatureCheck.mismatches(entry, session);
            if (mismatch.isPresent()) {
                session.close();
                options.close();
                return ModelStatus.unavailable(entry, UnavailableReason.SIGNATURE_MISMATCH,
                        file + " does not match its manifest entry: " + mismatch.get());
            }
            sessions.put(entry.modelId(), new ModelSession(entry, session, options, provider));
            return ModelStatus.loaded(entry);
        } catch (OrtException e) {
            closeQuietly(session);
            options.close();
            return ModelStatus.unavailable(entry, UnavailableReason.CORRUPT_MODEL,
                    "ONNX Runtime cannot load " + file + ": " + e.getMessage());
        } catch (DeviceUnavailableException | RuntimeException e) {
            closeQuietly(session);
            options.close();
            throw e;
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing; the load error is the one worth reporting
            }
        }
    }

    /**
     * The session for {@code modelId}.
     *
     * @throws UnknownModelException     the id is not in the manifest
     * @throws UnavailableModelException the model is listed but did not load; {@link UnavailableModelException#reason()} says why
     */
    public ModelSession session(String modelId) throws UnknownModelException, UnavailableModelException {
        ModelStatus status = statuses.get(modelId);
        if (status == null) {
            throw new UnknownModelException(modelId);
        }
        if (!status.available()) {
            throw new UnavailableModelException(modelId, status.reason().orElseThrow(), status.detail());
        }
        return sessions.get(modelId);
    }

    /** The manifest entry for {@code modelId}, loaded or not. */
    public Optional<ModelEntry> entry(String modelId) {
        return Optional.ofNullable(statuses.get(modelId)).map(ModelStatus::entry);
    }

    /** Every manifest model with whether it loaded, in manifest order. */
    public List<ModelStatus> statuses() {
        return List.copyOf(statuses.values());
    }

    /** The provider every session was created with. */
    public ExecutionProvider provider() {
        return provider;
    }

    public Path directory() {
        return dir;
    }

    /** One line per model for start-up output: id, loaded or the reason. */
    public String describe() {
        StringBuilder sb = new StringBuilder("model catalogue " + dir + " on " + provider.ortName() + ":");
        for (ModelStatus s : statuses.values()) {
            sb.append(System.lineSeparator()).append("  ").append(s.entry().modelId()).append(": ");
            if (s.available()) {
                sb.append("loaded (").append(s.entry().file()).append(s.entry().batchable() ? ", batchable" : "").append(')');
            } else {
                sb.append("UNAVAILABLE ").append(s.reason().orElseThrow()).append(" — ").append(s.detail());
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        sessions.values().forEach(ModelSession::close);
    }
}
