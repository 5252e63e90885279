package io.proofmesh.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.Ports;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void kafkaSettingsPassThroughToTheClientsAndOverrideOurDefaults() {
        KafkaClients k = new KafkaClients(Settings.of(Map.of(
                "kafka.bootstrap.servers", "b1:9092,b2:9092",
                "kafka.compression.type", "zstd",
                "kafka.security.protocol", "SSL",
                "registry.url", "http://r")));
        Map<String, Object> p = k.producerConfig("c");
        assertThat(p).containsEntry("bootstrap.servers", "b1:9092,b2:9092")
                .containsEntry("compression.type", "zstd")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .doesNotContainKey("registry.url");
        assertThat(k.consumerConfig("g")).containsEntry("group.id", "g").containsEntry("security.protocol", "SSL");
    }

    @Test
    void anUnreachableBrokerFailsWithinTheBoundAndSaysWhatToDo() {
        String addr = "localhost:" + Ports.freePort();
        KafkaClients k = new KafkaClients(Settings.of(Map.of("kafka.bootstrap.servers", addr, "connect.timeout", "3s")));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> k.awaitBroker(Duration.ofSeconds(3)))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining(addr)
                .hasMessageContaining("within 3 s")
                .hasMessageContaining("proofmesh dev");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anUnresolvableBrokerHostIsReportedTheSameFriendlyWay() {
        KafkaClients k = new KafkaClients(Settings.of(Map.of("kafka.bootstrap.servers", "no-such-host.invalid:9092")));
        assertThatThrownBy(() -> k.awaitBroker(Duration.ofSeconds(2)))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("no-such-host.invalid:9092")
                .hasMessageContaining("resolvable");
    }
}
