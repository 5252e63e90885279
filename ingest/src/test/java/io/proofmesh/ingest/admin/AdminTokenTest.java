package io.proofmesh.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    private static final String SECRET = "s3cret-admin-token-42";

    @Test
    void acceptsOnlyTheExactBearerToken() {
        AdminToken t = AdminToken.of(SECRET);
        assertThat(t.accepts("Bearer " + SECRET)).isTrue();
        assertThat(t.accepts("bearer " + SECRET)).isTrue();
        assertThat(t.accepts("Bearer " + SECRET + "x")).isFalse();
        assertThat(t.accepts("Bearer " + SECRET.substring(1))).isFalse();
        assertThat(t.accepts(SECRET)).isFalse();
        assertThat(t.accepts("Basic " + SECRET)).isFalse();
        assertThat(t.accepts(null)).isFalse();
        assertThat(t.toString()).doesNotContain(SECRET);
    }

    @Test
    void comesFromTheEnvironmentOrAFileAndIsOptional(@TempDir Path dir) throws Exception {
        assertThat(AdminToken.from(Settings.of(Map.of()))).isEmpty();
        assertThat(AdminToken.from(Settings.builder().environment(Map.of("PROOFMESH_ADMIN_TOKEN", SECRET)).build())
                .orElseThrow().accepts("Bearer " + SECRET)).isTrue();
        Path file = dir.resolve("admin.token");
        Files.writeString(file, SECRET + "\n");
        assertThat(AdminToken.from(Settings.of(Map.of(AdminToken.TOKEN_FILE, file.toString())))
                .orElseThrow().accepts("Bearer " + SECRET)).isTrue();
    }

    @Test
    void aShortTokenOrAMissingFileIsAConfigurationError(@TempDir Path dir) {
        assertThatThrownBy(() -> AdminToken.of("short")).isInstanceOf(ConfigException.class).hasMessageContaining("16");
        assertThatThrownBy(() -> AdminToken.from(Settings.of(Map.of(AdminToken.TOKEN_FILE, dir.resolve("nope").toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope");
    }

    @Test
    void theTokenIsMaskedInTheEffectiveConfiguration() {
        assertThat(Settings.of(Map.of(AdminToken.TOKEN, SECRET)).describe()).doesNotContain(SECRET);
    }
}
