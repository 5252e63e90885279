package io.proofmesh.inference.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierSettingsTest {

    static final String SEED_HEX = "11".repeat(32);

    @Test
    void defaultsSampleTenPercentWithCanariesEveryThirtySecondsOnPort8086() {
        VerifierSettings s = VerifierSettings.from(Settings.builder().defaults(VerifierSettings.DEFAULTS).build());
        assertThat(s.samplePpm()).isEqualTo(100_000);
        assertThat(s.canaryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.group()).isEqualTo("proofmesh-verifier");
        assertThat(s.httpPort()).isEqualTo(8086);
        assertThat(s.modelsDir()).isEmpty();
    }

    @Test
    void aSampleRateAboveAMillionIsAConfigError() {
        assertThatThrownBy(() -> VerifierSettings.from(Settings.of(Map.of(VerifierSettings.SAMPLE_PPM, "1000001"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(VerifierSettings.SAMPLE_PPM);
    }

    @Test
    void theSeedComesFromTheSettingOrAFileAndIsNeverEchoed(@TempDir Path dir) throws Exception {
        List<String> said = new ArrayList<>();
        assertThat(VerifierSeed.from(Settings.of(Map.of(VerifierSettings.SEED, SEED_HEX)), said::add))
                .isEqualTo(HexFormat.of().parseHex(SEED_HEX));
        Path file = dir.resolve("seed");
        Files.writeString(file, "0x" + "22".repeat(32) + "\n");
        assertThat(VerifierSeed.from(Settings.of(Map.of(VerifierSettings.SEED_FILE, file.toString())), said::add))
                .isEqualTo(HexFormat.of().parseHex("22".repeat(32)));
        assertThat(said).isEmpty();
        assertThatThrownBy(() -> VerifierSeed.from(Settings.of(Map.of(VerifierSettings.SEED, "abc123")), said::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("64 digits").hasMessageNotContaining("abc123");
    }

    @Test
    void withoutASeedARandomOneIsUsedWithAWarning() {
        List<String> said = new ArrayList<>();
        byte[] a = VerifierSeed.from(Settings.of(Map.of()), said::add);
        byte[] b = VerifierSeed.from(Settings.of(Map.of()), said::add);
        assertThat(a).hasSize(32).isNotEqualTo(b);
        assertThat(said).hasSize(2).allSatisfy(m -> assertThat(m).startsWith("WARNING").contains("PROOFMESH_VERIFIER_SEED"));
    }
}
