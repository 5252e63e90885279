package io.proofmesh.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpochSettingsTest {

    @Test
    void defaultsAreGenesis2026OneHourEpochsFiveMinutesGrace() {
        EpochSettings e = EpochSettings.from(Settings.builder().defaults(EpochSettings.DEFAULTS).build());
        assertThat(e.genesisMillis()).isEqualTo(1_767_225_600_000L);
        assertThat(e.length()).isEqualTo(Duration.ofHours(1));
        assertThat(e.grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(EpochSettings.from(Settings.of(Map.of()))).isEqualTo(e);
    }

    @Test
    void genesisIsAnIsoInstantOrMilliseconds() {
        assertThat(EpochSettings.from(Settings.of(Map.of("epoch.genesis", "2026-02-01T00:00:00Z"))).genesisMillis())
                .isEqualTo(1_769_904_000_000L);
        assertThat(EpochSettings.from(Settings.of(Map.of("epoch.genesis", "1769904000000"))).genesisMillis())
                .isEqualTo(1_769_904_000_000L);
        assertThatThrownBy(() -> EpochSettings.from(Settings.of(Map.of("epoch.genesis", "yesterday"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("epoch.genesis").hasMessageContaining("yesterday");
    }

    @Test
    void lengthAndGraceAreDurationsAndGraceMustBeShorterThanTheEpoch() {
        EpochSettings e = EpochSettings.from(Settings.of(Map.of("epoch.length", "10s", "epoch.grace", "2s")));
        assertThat(e.lengthMillis()).isEqualTo(10_000);
        assertThat(e.graceMillis()).isEqualTo(2_000);
        assertThatThrownBy(() -> EpochSettings.from(Settings.of(Map.of("epoch.length", "10s", "epoch.grace", "10s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("epoch.grace");
        assertThatThrownBy(() -> EpochSettings.from(Settings.of(Map.of("epoch.length", "0s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("epoch.length");
    }
}
