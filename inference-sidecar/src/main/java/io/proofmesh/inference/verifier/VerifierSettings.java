package io.proofmesh.inference.verifier;

import io.proofmesh.inference.model.SessionSettings;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The verifier's typed configuration (keys under {@code verifier.*}, {@code inference.*},
 * {@code http.*}). The sampling seed ({@code verifier.seed} / env {@code PROOFMESH_VERIFIER_SEED},
 * or {@code verifier.seed-file}) is a secret and never logged ({@link VerifierSeed}).
 *
 * @param samplePpm      results re-executed, parts per million of all (100000 = 10 %)
 * @param canaryInterval mean gap between canary jobs (exponential); zero disables canaries
 * @param requestWait    how long a sampled result waits for its job to be seen on jobs.requests
 * @param capacity       jobs, canaries and verified results remembered (oldest forgotten first)
 */
public record VerifierSettings(int samplePpm, String verifierId, String group, Optional<Path> modelsDir,
                               Duration canaryInterval, Duration requestWait, Duration requestsLookback, int capacity,
                               String httpHost, int httpPort) {

    public static final String SAMPLE_PPM = "verifier.sample-ppm";
    public static final String ID = "verifier.id";
    public static final String GROUP = "verifier.group";
    public static final String MODELS_DIR = "verifier.models-dir";
    public static final String CANARY_INTERVAL = "verifier.canary-interval";
    public static final String REQUEST_WAIT = "verifier.request-wait";
    public static final String REQUESTS_LOOKBACK = "verifier.requests-lookback";
    public static final String CAPACITY = "verifier.capacity";
    public static final String SEED = "verifier.seed";
    public static final String SEED_FILE = "verifier.seed-file";
    public static final int DEFAULT_HTTP_PORT = 8086;

    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>(SessionSettings.DEFAULTS);
        m.put(SAMPLE_PPM, "100000");
        m.put(ID, "verifier-1");
        m.put(GROUP, "proofmesh-verifier");
        m.put(MODELS_DIR, "");
        m.put(CANARY_INTERVAL, "30s");
        m.put(REQUEST_WAIT, "30s");
        m.put(REQUESTS_LOOKBACK, "1h");
        m.put(CAPACITY, "100000");
        m.put(SEED, "");
        m.put(SEED_FILE, "");
        m.put(CommonSettings.NETWORK_NAME, "proofmesh-devnet");
        m.put(CommonSettings.NETWORK_CHAIN_ID, "31337");
        m.put("http.host", "0.0.0.0");
        m.put("http.port", Integer.toString(DEFAULT_HTTP_PORT));
        return Map.copyOf(m);
    }

    public VerifierSettings {
        if (samplePpm < 0 || samplePpm > SampleSelector.MILLION) {
            throw new ConfigException("'" + SAMPLE_PPM + "' must be 0..1000000 (parts per million of results), got " + samplePpm);
        }
        if (canaryInterval.isNegative() || requestWait.isNegative() || requestsLookback.isNegative()) {
            throw new ConfigException("'" + CANARY_INTERVAL + "', '" + REQUEST_WAIT + "' and '" + REQUESTS_LOOKBACK
                    + "' must not be negative");
        }
        if (capacity < 1) {
            throw new ConfigException("'" + CAPACITY + "' must be >= 1");
        }
        if (verifierId == null || verifierId.isBlank()) {
            throw new ConfigException("'" + ID + "' must name this verifier");
        }
    }

    public static VerifierSettings from(Settings s) {
        return new VerifierSettings(
                s.getInt(SAMPLE_PPM, 100_000),
                s.get(ID, "verifier-1"),
                s.get(GROUP, "proofmesh-verifier"),
                s.find(MODELS_DIR).filter(v -> !v.isBlank()).map(Path::of),
                s.getDuration(CANARY_INTERVAL, Duration.ofSeconds(30)),
                s.getDuration(REQUEST_WAIT, Duration.ofSeconds(30)),
                s.getDuration(REQUESTS_LOOKBACK, Duration.ofHours(1)),
                s.getInt(CAPACITY, 100_000),
                s.get("http.host", "0.0.0.0"),
                s.getInt("http.port", DEFAULT_HTTP_PORT));
    }
}
