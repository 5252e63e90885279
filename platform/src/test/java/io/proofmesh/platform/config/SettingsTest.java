package io.proofmesh.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void layersApplyDefaultsThenFileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("proofmesh.properties");
        Files.writeString(file, "registry.url=http://file:8081\nkafka.bootstrap.servers=file:9092\nchain.rpc-url=http://file:8545\n");
        Settings s = Settings.builder()
                .defaults(CommonSettings.DEFAULTS)
                .file(file)
                .environment(Map.of("PROOFMESH_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "PROOFMESH_CHAIN_RPC_URL", "http://env:8545",
                        "HOME", "/root"))
                .flags(Map.of("chain.rpc-url", "http://flag:8545"))
                .build();
        assertThat(s.get("connect.timeout")).isEqualTo("15s");
        assertThat(s.layerOf("connect.timeout")).isEqualTo(Settings.Layer.DEFAULT);
        assertThat(s.get("registry.url")).isEqualTo("http://file:8081");
        assertThat(s.layerOf("registry.url")).isEqualTo(Settings.Layer.FILE);
        assertThat(s.get("kafka.bootstrap.servers")).isEqualTo("env:9092");
        assertThat(s.layerOf("kafka.bootstrap.servers")).isEqualTo(Settings.Layer.ENVIRONMENT);
        assertThat(s.get("chain.rpc-url")).isEqualTo("http://flag:8545");
        assertThat(s.layerOf("chain.rpc-url")).isEqualTo(Settings.Layer.FLAG);
        assertThat(s.asMap()).doesNotContainKey("home");
    }

    @Test
    void unknownEnvironmentVariablesBecomeDottedKeysSoAnyKafkaSettingPassesThrough() {
        Settings s = Settings.builder()
                .environment(Map.of("PROOFMESH_KAFKA_SASL_MECHANISM", "PLAIN", "PROOFMESH_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"))
                .build();
        assertThat(s.withPrefix("kafka.")).containsEntry("sasl.mechanism", "PLAIN").containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void typedGettersParseAndRejectWithTheKeyNamed() {
        Settings s = Settings.of(Map.of("a", "42", "d1", "250ms", "d2", "PT10S", "d3", "90d", "b", "yes", "bad", "x"));
        assertThat(s.getInt("a", 0)).isEqualTo(42);
        assertThat(s.getDuration("d1", null)).isEqualTo(Duration.ofMillis(250));
        assertThat(s.getDuration("d2", null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.getDuration("d3", null)).isEqualTo(Duration.ofDays(90));
        assertThat(s.getInt("missing", 7)).isEqualTo(7);
        assertThatThrownBy(() -> s.getInt("bad", 0)).isInstanceOf(ConfigException.class).hasMessageContaining("'bad'");
        assertThatThrownBy(() -> s.getBoolean("b", false)).hasMessageContaining("true or false");
        assertThatThrownBy(() -> s.get("nope")).hasMessageContaining("PROOFMESH_NOPE").hasMessageContaining("--set nope=");
    }

    @Test
    void aMissingConfigFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> Settings.builder().file(dir.resolve("nope.properties")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.properties");
    }

    @Test
    void describeMasksSecretsButShowsEverythingElseWithItsSource() {
        Settings s = Settings.builder()
                .defaults(Map.of("registry.url", "http://user:hunter2@reg:8081"))
                .flags(Map.of("kafka.sasl.jaas.config", "org.apache...PlainLoginModule password=\"hunter2\";",
                        "settler.private-key", "0xabc123", "admin.token", "t0ken", "settler.key-file", "/run/secrets/k"))
                .build();
        String text = s.describe();
        assertThat(text).doesNotContain("hunter2").doesNotContain("0xabc123").doesNotContain("t0ken");
        assertThat(text).contains("registry.url").contains("http://******@reg:8081").contains("(default)");
        assertThat(text).contains("/run/secrets/k");
        assertThat(text).contains("kafka.sasl.jaas.config").contains(SecretMask.MASK).contains("(flag)");
    }
}
