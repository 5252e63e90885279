package io.proofmesh.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.devstack.Ports;
import io.proofmesh.platform.testing.DevStackTest;
import java.time.Duration;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

@DevStackTest
class SchemaRegistryClientIT {

    private static final Schema V1 = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"it\",\"fields\":[{\"name\":\"x\",\"type\":\"long\"}]}");
    private static final Schema V2_COMPATIBLE = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"it\",\"fields\":[{\"name\":\"x\",\"type\":\"long\"},"
                    + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    private static final Schema V2_INCOMPATIBLE = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"it\",\"fields\":[{\"name\":\"x\",\"type\":\"string\"}]}");

    @Test
    void registersFetchesByIdAndIsIdempotent(DevStack stack) {
        SchemaRegistryClient client = new SchemaRegistryClient(stack.registryUrl());
        String subject = "it-" + UUID.randomUUID() + "-value";
        int id = client.register(subject, V1);
        assertThat(new SchemaRegistryClient(stack.registryUrl()).register(subject, V1)).isEqualTo(id);
        assertThat(new SchemaRegistryClient(stack.registryUrl()).getById(id)).isEqualTo(V1);
        assertThat(client.versions(subject)).hasSize(1);
        assertThat(client.subjects()).contains(subject);
    }

    @Test
    void fullTransitiveSubjectAcceptsACompatibleChangeAndRejectsAnIncompatibleOne(DevStack stack) {
        SchemaRegistryClient client = new SchemaRegistryClient(stack.registryUrl());
        String subject = "it-" + UUID.randomUUID() + "-value";
        client.register(subject, V1);
        client.setCompatibility(subject, "FULL_TRANSITIVE");

        assertThat(client.testCompatibility(subject, V2_COMPATIBLE).compatible()).isTrue();
        assertThat(client.testCompatibility(subject, V2_INCOMPATIBLE).compatible()).isFalse();

        assertThatThrownBy(() -> client.register(subject, V2_INCOMPATIBLE))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(stack.registryUrl())
                .hasMessageContaining(subject)
                .hasMessageContaining("409")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
        int v2 = client.register(subject, V2_COMPATIBLE);
        assertThat(client.getById(v2)).isEqualTo(V2_COMPATIBLE);
    }

    @Test
    void anUnknownIdIsNotFound(DevStack stack) {
        SchemaRegistryClient client = new SchemaRegistryClient(stack.registryUrl());
        assertThatThrownBy(() -> client.getById(1_999_999))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).isNotFound()).isTrue())
                .hasMessageContaining("/schemas/ids/1999999");
    }

    @Test
    void anUnreachableRegistryFailsNamingTheUrlAndSubjectQuickly() {
        String url = "http://localhost:" + Ports.freePort() + "/apis/ccompat/v7";
        SchemaRegistryClient client = new SchemaRegistryClient(url, Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.register("telemetry.heartbeats-value", V1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("telemetry.heartbeats-value")
                .hasMessageContaining("unreachable");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
}
