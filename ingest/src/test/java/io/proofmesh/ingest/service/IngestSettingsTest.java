package io.proofmesh.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.ingest.admin.AdminToken;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {

    private static Settings fromEnv(Map<String, String> env) {
        return Settings.builder().defaults(IngestSettings.DEFAULTS).environment(env).build();
    }

    @Test
    void secretsComeFromTheirEnvironmentVariablesAndAreMasked() {
        String key = "0x" + "22".repeat(32);
        Settings s = fromEnv(Map.of("PROOFMESH_INGEST_RECEIPT_KEY", key, "PROOFMESH_ADMIN_TOKEN", "an-admin-token-of-length"));
        assertThat(IngestSettings.from(s).receiptKeyHex()).contains(key);
        assertThat(AdminToken.from(s)).isPresent();
        assertThat(s.describe()).doesNotContain(key).doesNotContain("an-admin-token-of-length");
    }

    @Test
    void defaultsAreTheDevNetworkOnPort8080AndFlagsOverrideThem() {
        IngestSettings d = IngestSettings.from(fromEnv(Map.of()));
        assertThat(d.domain().network()).isEqualTo("proofmesh-devnet");
        assertThat(d.domain().chainId()).isEqualTo(31337);
        assertThat(d.httpPort()).isEqualTo(8080);
        assertThat(d.receiptKeyHex()).isEmpty();
        assertThat(d.tickInterval()).isEqualTo(Duration.ofSeconds(1));
        IngestSettings o = IngestSettings.from(fromEnv(Map.of("PROOFMESH_INGEST_MAX_CLOCK_SKEW", "2m"))
                .with(Map.of("network.name", "mainnet", "network.chain-id", "1", "ingest.rate.node-per-second", "0.5")));
        assertThat(o.domain().network()).isEqualTo("mainnet");
        assertThat(o.maxClockSkew()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.nodeRatePerSecond()).isEqualTo(0.5);
    }

    @Test
    void aMalformedValueNamesItsKey() {
        assertThatThrownBy(() -> IngestSettings.from(Settings.of(Map.of("ingest.rate.node-per-second", "fast"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.rate.node-per-second");
    }
}
