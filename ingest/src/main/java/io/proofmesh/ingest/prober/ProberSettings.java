package io.proofmesh.ingest.prober;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.EpochSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.scoring.epoch.EpochSchedule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The prober's typed configuration (keys under {@code prober.*}, {@code http.*} and the shared
 * {@code epoch.*}). The signing key comes from {@code prober.key} (env {@code PROOFMESH_PROBER_KEY})
 * or {@code prober.key-file}; it is masked in every printout and never logged.
 */
public record ProberSettings(
        String proberId,
        String network,
        long chainId,
        int probesPerEpoch,
        Duration timeout,
        int maxInFlight,
        String httpHost,
        int httpPort,
        EpochSettings epochs,
        Optional<String> keyHex) {

    public static final String ID = "prober.id";
    public static final String NETWORK = CommonSettings.NETWORK_NAME;
    public static final String CHAIN_ID = CommonSettings.NETWORK_CHAIN_ID;
    public static final String PROBES_PER_EPOCH = "prober.probes-per-epoch";
    public static final String TIMEOUT = "prober.timeout";
    public static final String MAX_IN_FLIGHT = "prober.max-in-flight";
    public static final String KEY = "prober.key";
    public static final String KEY_FILE = "prober.key-file";
    public static final int DEFAULT_HTTP_PORT = 8085;

    private static final Pattern ID_FORM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>(EpochSettings.DEFAULTS);
        m.put(ID, "prober-" + ProcessHandle.current().pid());
        m.put(NETWORK, "proofmesh-devnet");
        m.put(CHAIN_ID, "31337");
        m.put(PROBES_PER_EPOCH, "12");
        m.put(TIMEOUT, "2s");
        m.put(MAX_IN_FLIGHT, "256");
        m.put("http.host", "0.0.0.0");
        m.put("http.port", Integer.toString(DEFAULT_HTTP_PORT));
        // Secrets have no default but must be known keys, so PROOFMESH_PROBER_KEY maps onto prober.key.
        m.put(KEY, "");
        m.put(KEY_FILE, "");
        return Map.copyOf(m);
    }

    public ProberSettings {
        if (!ID_FORM.matcher(proberId).matches()) {
            throw new ConfigException("setting '" + ID + "' must be 1-64 of a-z 0-9 . _ - starting with a letter or digit, got '"
                    + proberId + "'");
        }
        if (!ID_FORM.matcher(network).matches()) {
            throw new ConfigException("setting '" + NETWORK + "' must be 1-64 of a-z 0-9 . _ -, got '" + network + "'");
        }
        if (chainId < 1) {
            throw new ConfigException("setting '" + CHAIN_ID + "' must be positive, got " + chainId);
        }
        long maxPerEpoch = Math.min(ProbeSlots.MAX_PER_EPOCH, epochs.lengthMillis());
        if (probesPerEpoch < 1 || probesPerEpoch > maxPerEpoch) {
            throw new ConfigException("setting '" + PROBES_PER_EPOCH + "' must be 1.." + maxPerEpoch
                    + " (at most one probe per millisecond of the epoch), got " + probesPerEpoch);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException("setting '" + TIMEOUT + "' must be a positive duration, got " + timeout);
        }
        if (maxInFlight < 1) {
            throw new ConfigException("setting '" + MAX_IN_FLIGHT + "' must be at least 1, got " + maxInFlight);
        }
    }

    public static ProberSettings from(Settings s) {
        Optional<String> key = s.find(KEY);
        if (key.isEmpty()) {
            key = s.find(KEY_FILE).map(f -> {
                try {
                    return Files.readString(Path.of(f), StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new ConfigException("cannot read the prober key file " + f + ": " + e.getMessage());
                }
            });
        }
        return new ProberSettings(
                s.get(ID, DEFAULTS.get(ID)),
                s.get(NETWORK, DEFAULTS.get(NETWORK)),
                s.getLong(CHAIN_ID, 31337),
                s.getInt(PROBES_PER_EPOCH, 12),
                s.getDuration(TIMEOUT, Duration.ofSeconds(2)),
                s.getInt(MAX_IN_FLIGHT, 256),
                s.get("http.host", "0.0.0.0"),
                s.getInt("http.port", DEFAULT_HTTP_PORT),
                EpochSettings.from(s),
                key);
    }

    public EpochSchedule schedule() {
        return new EpochSchedule(epochs.genesisMillis(), epochs.lengthMillis(), epochs.graceMillis());
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ProberSettings[" + proberId + " " + network + "/" + chainId + ", " + probesPerEpoch + " probes/epoch, timeout "
                + timeout + ", max in flight " + maxInFlight + ", http " + httpHost + ":" + httpPort + ", " + epochs
                + ", key " + (keyHex.isPresent() ? "configured" : "none") + "]";
    }
}
