package io.proofmesh.inference.service;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sidecar's typed configuration (keys under {@code sidecar.*}, {@code inference.*},
 * {@code http.*} and the shared {@code network.*}). The node key comes from {@code sidecar.node-key}
 * (env {@code PROOFMESH_SIDECAR_NODE_KEY}) or {@code sidecar.node-key-file}; never logged.
 */
public record SidecarSettings(String ingestUrl, Optional<Path> modelsDir, String group, int maxBatch, Duration maxWait,
                              int maxInFlight, Duration resultsLookback, String httpHost, int httpPort,
                              Optional<String> nodeKeyHex, double perturbOutputs) {

    public static final String INGEST_URL = "sidecar.ingest-url";
    public static final String MODELS_DIR = "sidecar.models-dir";
    public static final String GROUP = "sidecar.group";
    public static final String MAX_BATCH = "sidecar.max-batch";
    public static final String MAX_WAIT = "sidecar.max-wait";
    public static final String MAX_IN_FLIGHT = "sidecar.max-in-flight";
    public static final String RESULTS_LOOKBACK = "sidecar.results-lookback";
    public static final String NODE_KEY = "sidecar.node-key";
    public static final String NODE_KEY_FILE = "sidecar.node-key-file";
    /** Demo only: a dishonest node adds this to every float output (0 = honest). */
    public static final String PERTURB_OUTPUTS = "sidecar.perturb-outputs";
    public static final int DEFAULT_HTTP_PORT = 8084;

    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>(io.proofmesh.inference.model.SessionSettings.DEFAULTS);
        m.put(INGEST_URL, "http://localhost:8080");
        m.put(MODELS_DIR, "");
        m.put(GROUP, "proofmesh-sidecars");
        m.put(MAX_BATCH, "8");
        m.put(MAX_WAIT, "5ms");
        m.put(MAX_IN_FLIGHT, "64");
        m.put(RESULTS_LOOKBACK, "1h");
        m.put(CommonSettings.NETWORK_NAME, "proofmesh-devnet");
        m.put(CommonSettings.NETWORK_CHAIN_ID, "31337");
        m.put("http.host", "0.0.0.0");
        m.put("http.port", Integer.toString(DEFAULT_HTTP_PORT));
        m.put(NODE_KEY, "");
        m.put(NODE_KEY_FILE, "");
        m.put(PERTURB_OUTPUTS, "0");
        return Map.copyOf(m);
    }

    public SidecarSettings {
        if (maxBatch < 1 || maxInFlight < 1 || maxWait.isNegative()) {
            throw new ConfigException("'" + MAX_BATCH + "' and '" + MAX_IN_FLIGHT + "' must be >= 1 and '" + MAX_WAIT + "' >= 0");
        }
    }

    public static SidecarSettings from(Settings s) {
        Optional<String> key = s.find(NODE_KEY).filter(v -> !v.isBlank());
        if (key.isEmpty()) {
            key = s.find(NODE_KEY_FILE).filter(v -> !v.isBlank()).map(f -> {
                try {
                    return Files.readString(Path.of(f), StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new ConfigException("cannot read the node key file " + f + ": " + e.getMessage());
                }
            });
        }
        return new SidecarSettings(
                s.get(INGEST_URL, "http://localhost:8080"),
                s.find(MODELS_DIR).filter(v -> !v.isBlank()).map(Path::of),
                s.get(GROUP, "proofmesh-sidecars"),
                s.getInt(MAX_BATCH, 8),
                s.getDuration(MAX_WAIT, Duration.ofMillis(5)),
                s.getInt(MAX_IN_FLIGHT, 64),
                s.getDuration(RESULTS_LOOKBACK, Duration.ofHours(1)),
                s.get("http.host", "0.0.0.0"),
                s.getInt("http.port", DEFAULT_HTTP_PORT),
                key,
                s.getDouble(PERTURB_OUTPUTS, 0));
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "SidecarSettings[ingest " + ingestUrl + ", models " + modelsDir.map(Path::toString).orElse("(dev catalogue)")
                + ", group " + group + ", batch " + maxBatch + "/" + maxWait.toMillis() + " ms, in flight " + maxInFlight
                + ", http " + httpHost + ":" + httpPort + ", node key " + (nodeKeyHex.isPresent() ? "configured" : "none")
                + (perturbOutputs != 0 ? ", DISHONEST: outputs perturbed by " + perturbOutputs : "") + "]";
    }
}
