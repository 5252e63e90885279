package io.proofmesh.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.topics.BootstrapReport;
import io.proofmesh.platform.topics.TopicBootstrap;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Topic bootstrap against Kafka in a container (the official apache/kafka image), for hosts
 * with a Docker engine. Without one, Testcontainers skips this class with the reason
 * "disabledWithoutDocker" — as on the project's CI machines, which have only a Docker client.
 */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Test
    void bootstrapsTheCatalogueOnAContainerisedBroker() {
        KafkaClients clients = new KafkaClients(Settings.of(Map.of("kafka.bootstrap.servers", KAFKA.getBootstrapServers())));
        clients.awaitBroker(Duration.ofSeconds(30));
        try (Admin admin = clients.admin()) {
            BootstrapReport r = new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(TopicCatalog.all());
            assertThat(r.created()).hasSize(TopicCatalog.all().size());
            assertThat(new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(TopicCatalog.all()).drifts()).isEmpty();
        }
    }
}
