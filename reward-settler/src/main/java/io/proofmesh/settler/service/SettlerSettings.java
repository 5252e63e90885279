package io.proofmesh.settler.service;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settler's typed configuration (keys under {@code settler.*}, {@code http.*}). The signing key
 * ({@code settler.key} / env {@code PROOFMESH_SETTLER_KEY}, or {@code settler.key-file}) is a
 * secret and never logged; with {@code settler.signer-url} a remote signer (web3signer, Clef, any
 * node answering {@code eth_signTransaction}) signs for {@code settler.signer-address} instead.
 *
 * @param distributorAddress RewardDistributor the roots are posted to (lower-case 0x)
 * @param confirmations      blocks on top of the including block before CONFIRMED (1 = mined)
 * @param pollInterval       how often closed epochs and pending transactions are looked at
 * @param rpcRetryMax        longest back-off between retries of a failed chain call
 * @param haltAt             fault injection for crash tests: the settler stops at this point and waits to be killed
 */
public record SettlerSettings(String settlerId, String distributorAddress, int confirmations, Duration pollInterval,
                              Duration rpcRetryMax, int gasMarginPercent,
                              Optional<String> signerUrl, Optional<String> signerAddress, Optional<HaltPoint> haltAt,
                              String httpHost, int httpPort) {

    public static final String ID = "settler.id";
    public static final String DISTRIBUTOR = "settler.distributor-address";
    public static final String CONFIRMATIONS = "settler.confirmations";
    public static final String POLL_INTERVAL = "settler.poll-interval";
    public static final String RPC_RETRY_MAX = "settler.rpc-retry-max";
    public static final String GAS_MARGIN = "settler.gas-margin-percent";
    public static final String KEY = "settler.key";
    public static final String KEY_FILE = "settler.key-file";
    public static final String SIGNER_URL = "settler.signer-url";
    public static final String SIGNER_ADDRESS = "settler.signer-address";
    public static final String HALT_AT = "settler.halt-at";
    public static final int DEFAULT_HTTP_PORT = 8083;

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

    /** Crash-test points between the steps of a settlement (DESIGN.md "Settlement is idempotent"). */
    public enum HaltPoint {
        /** Batch and entries committed to Kafka, nothing signed yet. */
        AFTER_BATCH,
        /** PENDING (signed raw tx) committed, not broadcast. */
        AFTER_PENDING,
        /** Broadcast, CONFIRMED not yet recorded. */
        AFTER_BROADCAST
    }

    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ID, "settler-1");
        m.put(DISTRIBUTOR, "");
        m.put(CONFIRMATIONS, "1");
        m.put(POLL_INTERVAL, "1s");
        m.put(RPC_RETRY_MAX, "30s");
        m.put(GAS_MARGIN, "25");
        m.put(KEY, "");
        m.put(KEY_FILE, "");
        m.put(SIGNER_URL, "");
        m.put(SIGNER_ADDRESS, "");
        m.put(HALT_AT, "");
        m.put("http.host", "0.0.0.0");
        m.put("http.port", Integer.toString(DEFAULT_HTTP_PORT));
        return Map.copyOf(m);
    }

    public SettlerSettings {
        if (!ADDRESS.matcher(distributorAddress).matches()) {
            throw new ConfigException("setting '" + DISTRIBUTOR + "' must be the lower-case 0x address of the "
                    + "RewardDistributor contract (`proofmesh dev` prints it), got '" + distributorAddress + "'");
        }
        if (confirmations < 1) {
            throw new ConfigException("'" + CONFIRMATIONS + "' must be >= 1 (1 = as soon as mined)");
        }
        if (gasMarginPercent < 0 || gasMarginPercent > 500) {
            throw new ConfigException("'" + GAS_MARGIN + "' must be 0..500 (percent added to the gas estimate)");
        }
        if (signerUrl.isPresent() && (signerAddress.isEmpty() || !ADDRESS.matcher(signerAddress.get()).matches())) {
            throw new ConfigException("with '" + SIGNER_URL + "' set, '" + SIGNER_ADDRESS + "' must name the lower-case 0x "
                    + "address the remote signer signs for");
        }
    }

    public static SettlerSettings from(Settings s) {
        Optional<HaltPoint> halt = s.find(HALT_AT).filter(v -> !v.isBlank()).map(v -> {
            try {
                return HaltPoint.valueOf(v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("'" + HALT_AT + "' must be after-batch, after-pending or after-broadcast, got '" + v + "'");
            }
        });
        return new SettlerSettings(
                s.get(ID, "settler-1"),
                s.get(DISTRIBUTOR, "").trim().toLowerCase(Locale.ROOT),
                s.getInt(CONFIRMATIONS, 1),
                s.getDuration(POLL_INTERVAL, Duration.ofSeconds(1)),
                s.getDuration(RPC_RETRY_MAX, Duration.ofSeconds(30)),
                s.getInt(GAS_MARGIN, 25),
                s.find(SIGNER_URL).filter(v -> !v.isBlank()),
                s.find(SIGNER_ADDRESS).filter(v -> !v.isBlank()).map(v -> v.trim().toLowerCase(Locale.ROOT)),
                halt,
                s.get("http.host", "0.0.0.0"),
                s.getInt("http.port", DEFAULT_HTTP_PORT));
    }

    /** The chain the settler posts to: {@code chain.rpc-url}. */
    public static String rpcUrl(Settings s) {
        return CommonSettings.from(s).chainRpcUrl();
    }
}
