package io.proofmesh.streams.service;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.GovernanceSettings;
import io.proofmesh.platform.config.EpochSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.epoch.LatenessRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The processor's typed configuration (keys under {@code streams.*}, {@code scoring.*},
 * {@code http.*} and the shared {@code epoch.*} / {@code network.*}).
 */
public record StreamsSettings(
        String applicationId,
        String instanceId,
        Path stateDir,
        int standbyReplicas,
        int threads,
        long rocksDbBytes,
        long cacheBytes,
        Duration commitInterval,
        String httpHost,
        int httpPort,
        String advertisedHost,
        Duration closeMargin,
        long firstEpoch,
        int dedupeRetainEpochs,
        String governanceAddress,
        String network,
        long chainId,
        EpochSettings epochs) {

    public static final String APPLICATION_ID = "streams.application-id";
    public static final String INSTANCE_ID = "streams.instance-id";
    public static final String STATE_DIR = "streams.state-dir";
    public static final String STANDBY_REPLICAS = "streams.standby-replicas";
    public static final String THREADS = "streams.threads";
    public static final String ROCKSDB_BYTES = "streams.rocksdb-memory-bytes";
    public static final String CACHE_BYTES = "streams.cache-bytes";
    public static final String COMMIT_INTERVAL = "streams.commit-interval";
    public static final String ADVERTISED_HOST = "streams.advertised-host";
    public static final String CLOSE_MARGIN = "scoring.close-margin";
    public static final String FIRST_EPOCH = "scoring.first-epoch";
    public static final String DEDUPE_RETAIN = "scoring.dedupe-retain-epochs";
    public static final String GOVERNANCE = GovernanceSettings.GOVERNANCE;
    public static final int DEFAULT_HTTP_PORT = 8082;
    /** The dev-only governance key of `proofmesh dev` / `demo` (anvil account #9), trusted by default on the devnet only. */
    public static final String DEVNET_GOVERNANCE = GovernanceSettings.DEVNET_GOVERNANCE;
    public static final String DEVNET = "proofmesh-devnet";

    private static final Pattern ID_FORM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>(EpochSettings.DEFAULTS);
        m.put(APPLICATION_ID, "proofmesh-scoring");
        m.put(INSTANCE_ID, defaultInstanceId());
        m.put(STATE_DIR, "");
        m.put(STANDBY_REPLICAS, "0");
        m.put(THREADS, "1");
        m.put(ROCKSDB_BYTES, Long.toString(64L << 20));
        m.put(CACHE_BYTES, Long.toString(16L << 20));
        m.put(COMMIT_INTERVAL, "200ms");
        m.put(ADVERTISED_HOST, "127.0.0.1");
        m.put(CLOSE_MARGIN, "2s");
        m.put(FIRST_EPOCH, "0");
        m.put(DEDUPE_RETAIN, "2");
        m.put(GOVERNANCE, "");
        m.put(CommonSettings.NETWORK_NAME, DEVNET);
        m.put(CommonSettings.NETWORK_CHAIN_ID, "31337");
        m.put("http.host", "0.0.0.0");
        m.put("http.port", Integer.toString(DEFAULT_HTTP_PORT));
        return Map.copyOf(m);
    }

    /** streams-&lt;host name&gt;: stable across restarts, so the default state dir is found again. */
    static String defaultInstanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "local";
        }
        String id = ("streams-" + host.toLowerCase(java.util.Locale.ROOT)).replaceAll("[^a-z0-9._-]", "-");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    public StreamsSettings {
        if (!ID_FORM.matcher(applicationId).matches() || !ID_FORM.matcher(instanceId).matches()) {
            throw new ConfigException("settings '" + APPLICATION_ID + "' and '" + INSTANCE_ID
                    + "' must be 1-64 of a-z 0-9 . _ -, got '" + applicationId + "' and '" + instanceId + "'");
        }
        if (standbyReplicas < 0 || threads < 1 || rocksDbBytes < (8L << 20) || cacheBytes < 0) {
            throw new ConfigException("'" + STANDBY_REPLICAS + "' must be >= 0, '" + THREADS + "' >= 1 and '"
                    + ROCKSDB_BYTES + "' >= 8 MiB, '" + CACHE_BYTES + "' >= 0");
        }
        if (firstEpoch < 0) {
            throw new ConfigException("setting '" + FIRST_EPOCH + "' must be >= 0, got " + firstEpoch);
        }
        if (closeMargin.isNegative() || dedupeRetainEpochs < 1) {
            throw new ConfigException("'" + CLOSE_MARGIN + "' must be >= 0 and '" + DEDUPE_RETAIN + "' >= 1");
        }
        GovernanceSettings.require(governanceAddress);
    }

    public static StreamsSettings from(Settings s) {
        String governance = GovernanceSettings.address(s);
        String app = s.get(APPLICATION_ID, DEFAULTS.get(APPLICATION_ID));
        String instance = s.get(INSTANCE_ID, DEFAULTS.get(INSTANCE_ID));
        // Not under /tmp, which the OS may clean: the state survives restarts (no full restore).
        Path state = s.find(STATE_DIR).filter(v -> !v.isBlank()).map(Path::of)
                .orElse(Path.of(".proofmesh", "streams", app, instance).toAbsolutePath());
        return new StreamsSettings(app, instance, state,
                s.getInt(STANDBY_REPLICAS, 0),
                s.getInt(THREADS, 1),
                s.getLong(ROCKSDB_BYTES, 64L << 20),
                s.getLong(CACHE_BYTES, 16L << 20),
                s.getDuration(COMMIT_INTERVAL, Duration.ofMillis(200)),
                s.get("http.host", "0.0.0.0"),
                s.getInt("http.port", DEFAULT_HTTP_PORT),
                s.get(ADVERTISED_HOST, "127.0.0.1"),
                s.getDuration(CLOSE_MARGIN, Duration.ofSeconds(2)),
                s.getLong(FIRST_EPOCH, 0),
                s.getInt(DEDUPE_RETAIN, 2),
                governance.toLowerCase(),
                s.get(CommonSettings.NETWORK_NAME, DEVNET),
                s.getLong(CommonSettings.NETWORK_CHAIN_ID, 31337),
                EpochSettings.from(s));
    }

    public EpochSchedule schedule() {
        return new EpochSchedule(epochs.genesisMillis(), epochs.lengthMillis(), epochs.graceMillis());
    }

    public LatenessRule lateness() {
        return new LatenessRule(schedule(), closeMargin.toMillis());
    }
}
