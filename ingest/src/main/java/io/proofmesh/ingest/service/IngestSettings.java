package io.proofmesh.ingest.service;

import io.proofmesh.ingest.protocol.ProtocolLimits;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.protocol.SigningDomain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The ingest service's typed configuration (keys under {@code ingest.*}, plus {@code http.*}). */
public record IngestSettings(
        SigningDomain domain,
        String ingestId,
        String httpHost,
        int httpPort,
        Duration maxClockSkew,
        int maxBodyBytes,
        double sourceRatePerSecond,
        int sourceBurst,
        double nodeRatePerSecond,
        int nodeBurst,
        Duration tickInterval,
        Duration ackTimeout,
        Optional<String> receiptKeyHex) {

    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ingest.id", "ingest-" + ProcessHandle.current().pid());
        m.put("http.host", "0.0.0.0");
        m.put("http.port", "8080");
        m.put("ingest.max-clock-skew", "5m");
        m.put("ingest.max-body-bytes", Integer.toString(ProtocolLimits.DEFAULT_MAX_BODY_BYTES));
        m.put("ingest.rate.source-per-second", "200");
        m.put("ingest.rate.source-burst", "400");
        m.put("ingest.rate.node-per-second", "5");
        m.put("ingest.rate.node-burst", "20");
        m.put("ingest.tick-interval", "1s");
        m.put("ingest.ack-timeout", "10s");
        // Secrets have no default but must be known keys, so PROOFMESH_INGEST_RECEIPT_KEY and
        // PROOFMESH_ADMIN_TOKEN map onto them (dashes and dots both become '_' in env names).
        m.put("ingest.receipt-key", "");
        m.put("ingest.receipt-key-file", "");
        m.put("admin.token", "");
        m.put("admin.token-file", "");
        return Map.copyOf(m);
    }

    public static IngestSettings from(Settings s) {
        Optional<String> key = s.find("ingest.receipt-key");
        if (key.isEmpty()) {
            key = s.find("ingest.receipt-key-file").map(f -> {
                try {
                    return Files.readString(Path.of(f), StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new ConfigException("cannot read the receipt key file " + f + ": " + e.getMessage());
                }
            });
        }
        return new IngestSettings(
                CommonSettings.signingDomain(s),
                s.get("ingest.id", DEFAULTS.get("ingest.id")),
                s.get("http.host", "0.0.0.0"),
                s.getInt("http.port", 8080),
                s.getDuration("ingest.max-clock-skew", Duration.ofMinutes(5)),
                s.getInt("ingest.max-body-bytes", ProtocolLimits.DEFAULT_MAX_BODY_BYTES),
                s.getDouble("ingest.rate.source-per-second", 200),
                s.getInt("ingest.rate.source-burst", 400),
                s.getDouble("ingest.rate.node-per-second", 5),
                s.getInt("ingest.rate.node-burst", 20),
                s.getDuration("ingest.tick-interval", Duration.ofSeconds(1)),
                s.getDuration("ingest.ack-timeout", Duration.ofSeconds(10)),
                key);
    }
}
