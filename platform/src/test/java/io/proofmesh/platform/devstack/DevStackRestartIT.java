package io.proofmesh.platform.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.JsonRpc;
import io.proofmesh.platform.testing.TopicReader;
import io.proofmesh.platform.topics.TopicBootstrap;
import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dev stack restarted on its data dir (no --wipe) keeps Kafka's log, the registry's
 * schemas and the chain together: a record written before the restart still decodes after
 * it, because the schema id it carries still resolves.
 */
@Tag("integration")
class DevStackRestartIT {

    @Test
    void kafkaDataRegistrySchemasAndChainStateSurviveARestart(@TempDir Path dir) throws Exception {
        DevStackConfig t = DevStackConfig.forTests(dir);
        // Automine (no --block-time): the block count then says exactly what survived the restart.
        DevStackConfig first = new DevStackConfig(t.dataDir(), t.kafkaPort(), t.controllerPort(), t.registryPort(),
                t.anvilPort(), t.chainId(), t.wipe(), t.startRegistry(), t.startAnvil(), Optional.empty(), t.brokerOverrides(),
                t.registryJar(), t.anvilBinary(), t.startTimeout());
        Tick tick = Tick.newBuilder().setPartition(0).setSeq(42).setEmitterId("before-restart")
                .setEmittedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
        String topic = TopicCatalog.CLOCK_TICKS.name();
        try (DevStack stack = DevStack.start(first, msg -> { })) {
            Settings s = settings(stack);
            try (Admin admin = new KafkaClients(s).admin()) {
                new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(List.of(TopicCatalog.CLOCK_TICKS));
            }
            try (KafkaProducer<String, Tick> p = new KafkaProducer<>(new KafkaClients(s).producerConfig("restart-it"),
                    new StringSerializer(), new AvroSerializer<>(new SchemaRegistryClient(stack.registryUrl()), false))) {
                p.send(new ProducerRecord<>(topic, 0, "0", tick)).get();
            }
            JsonRpc.call(stack.chainRpcUrl(), "evm_mine");
            JsonRpc.call(stack.chainRpcUrl(), "evm_mine");
        }

        // Same ports and data dir, not wiped.
        DevStackConfig again = new DevStackConfig(first.dataDir(), first.kafkaPort(), first.controllerPort(),
                first.registryPort(), first.anvilPort(), first.chainId(), false, true, true, first.anvilBlockTime(),
                first.brokerOverrides(), first.registryJar(), first.anvilBinary(), first.startTimeout());
        try (DevStack stack = DevStack.start(again, msg -> { })) {
            List<ConsumerRecord<String, Tick>> got;
            try (KafkaConsumer<String, Tick> c = new KafkaConsumer<>(new KafkaClients(settings(stack)).consumerConfig(null),
                    new StringDeserializer(), AvroDeserializer.specific(new SchemaRegistryClient(stack.registryUrl()), Tick.class))) {
                got = TopicReader.readFromStart(c, topic, 0, 1, Duration.ofSeconds(30));
            }
            assertThat(got).extracting(ConsumerRecord::value).containsExactly(tick);
            assertThat(JsonRpc.call(stack.chainRpcUrl(), "eth_blockNumber")).contains("\"result\":\"0x2\"");
        }
    }

    private static Settings settings(DevStack stack) {
        return Settings.of(Map.of(CommonSettings.KAFKA_BOOTSTRAP, stack.bootstrapServers(),
                CommonSettings.REGISTRY_URL, stack.registryUrl()));
    }
}
