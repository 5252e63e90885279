package io.proofmesh.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.TopicReader;
import io.proofmesh.platform.topics.BootstrapReport;
import io.proofmesh.platform.topics.TopicBootstrap;
import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Topic bootstrap and the serde against Kafka and Apicurio in containers (official images),
 * for hosts with a Docker engine. Without one, Testcontainers disables this class with the
 * reason "disabledWithoutDocker" — as on the project's CI machines, which have only a Docker
 * client; the same code runs against the DevStack's real broker and registry in the other ITs.
 */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Container
    static final GenericContainer<?> REGISTRY = new GenericContainer<>("apicurio/apicurio-registry-mem:2.4.2.Final")
            .withExposedPorts(8080)
            .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200));

    @Test
    void bootstrapsTheCatalogueAndRoundTripsAvroOnContainerisedKafkaAndRegistry() throws Exception {
        KafkaClients clients = new KafkaClients(Settings.of(Map.of("kafka.bootstrap.servers", KAFKA.getBootstrapServers())));
        clients.awaitBroker(Duration.ofSeconds(30));
        try (Admin admin = clients.admin()) {
            BootstrapReport r = new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(TopicCatalog.all());
            assertThat(r.created()).hasSize(TopicCatalog.all().size());
            assertThat(new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(TopicCatalog.all()).drifts()).isEmpty();
        }

        String url = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8080) + "/apis/ccompat/v7";
        SchemaRegistryClient registry = new SchemaRegistryClient(url);
        String topic = TopicCatalog.CLOCK_TICKS.name();
        Tick tick = Tick.newBuilder().setPartition(0).setSeq(1).setEmitterId("tc")
                .setEmittedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
        try (KafkaProducer<String, Tick> p = new KafkaProducer<>(clients.producerConfig("tc"), new StringSerializer(),
                new AvroSerializer<>(registry, false))) {
            p.send(new ProducerRecord<>(topic, 0, "0", tick)).get();
        }
        List<ConsumerRecord<String, Tick>> got;
        try (KafkaConsumer<String, Tick> c = new KafkaConsumer<>(clients.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(new SchemaRegistryClient(url), Tick.class))) {
            got = TopicReader.readFromStart(c, topic, 0, 1, Duration.ofSeconds(20));
        }
        assertThat(got).extracting(ConsumerRecord::value).containsExactly(tick);
    }
}
