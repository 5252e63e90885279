package io.proofmesh.ingest.ticks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.platform.topics.TopicBootstrap;
import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@DevStackTest
class TickEmitterIT {

    @Test
    void everyPartitionGetsTicksInOrderStampedWithTheBrokersAppendTime(DevStack stack) throws Exception {
        KafkaClients kafka = new KafkaClients(FastTestProfile.settings(stack));
        TopicSpec ticks = TopicCatalog.CLOCK_TICKS;
        try (Admin admin = kafka.admin()) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(List.of(ticks));
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (KafkaProducer<String, org.apache.avro.specific.SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("ticks-it"),
                new StringSerializer(), new AvroSerializer<>(registry, false));
             TickEmitter emitter = new TickEmitter(producer, ticks.name(), "ingest-it", Duration.ofMillis(100),
                     Clock.systemUTC(), metrics).start()) {
            // Until at least 3 rounds were acknowledged (a fixed sleep would be slow or flaky).
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (metrics.get("proofmesh_ticks_sent").counter().count() < 3.0 * ticks.partitions()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        double sent = metrics.get("proofmesh_ticks_sent").counter().count();
        assertThat(sent).isGreaterThanOrEqualTo(3.0 * ticks.partitions());
        assertThat(metrics.get("proofmesh_ticks_failed").counter().count()).isZero();

        List<ConsumerRecord<String, Tick>> records = new ArrayList<>();
        try (KafkaConsumer<String, Tick> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(registry, Tick.class))) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < ticks.partitions(); p++) {
                tps.add(new TopicPartition(ticks.name(), p));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < sent && System.nanoTime() < deadline) {
                RecordPolling.poll(c, Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSize((int) sent);

        Map<Integer, List<ConsumerRecord<String, Tick>>> byPartition = new HashMap<>();
        records.forEach(r -> byPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r));
        assertThat(byPartition).hasSize(ticks.partitions());
        byPartition.forEach((partition, list) -> {
            assertThat(list).hasSizeGreaterThanOrEqualTo(3);
            for (int i = 0; i < list.size(); i++) {
                ConsumerRecord<String, Tick> r = list.get(i);
                assertThat(r.key()).isEqualTo(Integer.toString(partition));
                assertThat(r.value().getPartition()).isEqualTo(partition);
                assertThat(r.value().getEmitterId()).isEqualTo("ingest-it");
                assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
                if (i > 0) {
                    assertThat(r.value().getSeq()).isGreaterThan(list.get(i - 1).value().getSeq());
                    assertThat(r.timestamp()).isGreaterThanOrEqualTo(list.get(i - 1).timestamp());
                }
            }
        });
    }

    @Test
    void aBrokerThatIsNotThereIsCountedNotFatal() throws Exception {
        // Kafka unreachable: partitionsFor times out; the emitter counts the failure and keeps its schedule.
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("bootstrap.servers", "localhost:" + io.proofmesh.platform.devstack.Ports.freePort());
        cfg.put("max.block.ms", 200);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (KafkaProducer<String, org.apache.avro.specific.SpecificRecord> producer = new KafkaProducer<>(cfg, new StringSerializer(),
                new AvroSerializer<>(new SchemaRegistryClient("http://localhost:1"), false));
             TickEmitter emitter = new TickEmitter(producer, "clock.ticks", "ingest-it", Duration.ofMillis(50),
                     Clock.systemUTC(), metrics).start()) {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> metrics.get("proofmesh_ticks_failed").counter().count() >= 2.0);
        }
        assertThat(metrics.get("proofmesh_ticks_failed").counter().count()).isGreaterThanOrEqualTo(2.0);
        assertThat(metrics.get("proofmesh_ticks_sent").counter().count()).isZero();
    }
}
