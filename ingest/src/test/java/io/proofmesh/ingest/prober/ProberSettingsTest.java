package io.proofmesh.ingest.prober;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProberSettingsTest {

    private static final String KEY = "0x" + "0".repeat(63) + "7";

    @Test
    void defaultsProbeTwelveTimesAnHourWithTwoSecondTimeoutsOnPort8085() {
        ProberSettings p = ProberSettings.from(Settings.builder().defaults(ProberSettings.DEFAULTS).build());
        assertThat(p.probesPerEpoch()).isEqualTo(12);
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.httpPort()).isEqualTo(8085);
        assertThat(p.network()).isEqualTo("proofmesh-devnet");
        assertThat(p.chainId()).isEqualTo(31337);
        assertThat(p.schedule().lengthMillis()).isEqualTo(3_600_000);
        assertThat(p.keyHex()).isEmpty();
    }

    @Test
    void theKeyComesFromTheEnvironmentOrAFileAndIsNeverPrinted(@TempDir Path dir) throws Exception {
        Settings fromEnv = Settings.builder().defaults(ProberSettings.DEFAULTS)
                .environment(Map.of("PROOFMESH_PROBER_KEY", KEY)).build();
        ProberSettings p = ProberSettings.from(fromEnv);
        assertThat(p.keyHex()).contains(KEY);
        assertThat(p.toString()).doesNotContain(KEY.substring(2));
        assertThat(fromEnv.describe()).doesNotContain(KEY.substring(2)).contains("prober.key");

        Path file = dir.resolve("prober.key");
        Files.writeString(file, KEY + "\n");
        ProberSettings f = ProberSettings.from(Settings.of(Map.of("prober.key-file", file.toString())));
        assertThat(f.keyHex()).contains(KEY);
        assertThatThrownBy(() -> ProberSettings.from(Settings.of(Map.of("prober.key-file", dir.resolve("none").toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("prober key file");
    }

    @Test
    void badValuesNameTheirSetting() {
        assertThatThrownBy(() -> ProberSettings.from(Settings.of(Map.of("prober.probes-per-epoch", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("prober.probes-per-epoch");
        assertThatThrownBy(() -> ProberSettings.from(Settings.of(Map.of("prober.probes-per-epoch", "2000000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("1..1000000");
        assertThatThrownBy(() -> ProberSettings.from(Settings.of(Map.of("prober.probes-per-epoch", "11", "epoch.length", "10ms",
                "epoch.grace", "0s")))).isInstanceOf(ConfigException.class).hasMessageContaining("1..10 ");
        assertThatThrownBy(() -> ProberSettings.from(Settings.of(Map.of("prober.id", "Prober One"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("prober.id");
        assertThatThrownBy(() -> ProberSettings.from(Settings.of(Map.of("prober.timeout", "0s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("prober.timeout");
        assertThatThrownBy(() -> ProberSettings.from(Settings.of(Map.of("prober.max-in-flight", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("prober.max-in-flight");
    }
}
