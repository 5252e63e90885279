package io.proofmesh.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proofmesh.ingest.protocol.NodeDirectory;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.platform.topics.TopicBootstrap;
import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@DevStackTest
class NodeRegistryViewIT {

    @Test
    void loadsTheTopicThenFollowsSuspensionsRotationsTombstonesAndSkipsPoison(DevStack stack) throws Exception {
        KafkaClients kafka = new KafkaClients(FastTestProfile.settings(stack));
        // A registry topic of its own (same shape as nodes.registry), so other tests' nodes don't interfere.
        TopicSpec base = TopicCatalog.NODES_REGISTRY;
        TopicSpec spec = new TopicSpec("registry-it-" + UUID.randomUUID(), base.keyFormat(), base.valueClass(),
                base.valueSchema(), 3, base.cleanupPolicy(), base.retention(), base.timestampType(), null, "test");
        try (Admin admin = kafka.admin()) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(List.of(spec));
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        MessageSigner a = MessageSigner.generate();
        MessageSigner b = MessageSigner.generate();
        MessageSigner c = MessageSigner.generate();

        try (KafkaProducer<String, NodeRegistration> producer = new KafkaProducer<>(kafka.producerConfig("registry-it"),
                new StringSerializer(), new AvroSerializer<>(registry, false))) {
            for (MessageSigner n : List.of(a, b, c)) {
                producer.send(new ProducerRecord<>(spec.name(), n.address(), registration(n.address(), n.address(),
                        NodeStatus.ACTIVE))).get();
            }
        }
        // A record no decoder can read, between valid ones.
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(kafka.producerConfig("registry-it-raw"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(spec.name(), a.address().getBytes(), new byte[] {9, 9, 9})).get();
        }

        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (NodeRegistryView view = new NodeRegistryView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                new StringDeserializer(), AvroDeserializer.specific(registry, NodeRegistration.class)), spec.name(), metrics)
                .start()) {
            view.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(view.size()).isEqualTo(3);
            assertThat(view.find(a.address())).contains(new NodeDirectory.Entry(a.address(), NodeStatus.ACTIVE));
            assertThat(metrics.get("proofmesh_registry_records_skipped").counter().count()).isEqualTo(1.0);

            MessageSigner rotated = MessageSigner.generate();
            try (KafkaProducer<String, NodeRegistration> producer = new KafkaProducer<>(kafka.producerConfig("registry-it"),
                    new StringSerializer(), new AvroSerializer<>(registry, false))) {
                producer.send(new ProducerRecord<>(spec.name(), b.address(),
                        registration(b.address(), b.address(), NodeStatus.SUSPENDED))).get();
                producer.send(new ProducerRecord<>(spec.name(), c.address(),
                        registration(c.address(), rotated.address(), NodeStatus.ACTIVE))).get();
                producer.send(new ProducerRecord<>(spec.name(), a.address(), null)).get();
            }
            waitUntil("the suspension, the rotation and the tombstone are seen", Duration.ofSeconds(5), () ->
                    view.find(b.address()).map(e -> e.status() == NodeStatus.SUSPENDED).orElse(false)
                            && view.find(c.address()).map(e -> e.signingAddress().equals(rotated.address())).orElse(false)
                            && view.find(a.address()).isEmpty());
            assertThat(view.registration(c.address()).map(NodeRegistration::getRegion)).isEqualTo(Optional.of("eu-west"));
        }
    }

    private static NodeRegistration registration(String nodeId, String signingAddress, NodeStatus status) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return NodeRegistration.newBuilder()
                .setNodeId(nodeId)
                .setSigningAddress(signingAddress)
                .setPayoutAddress("0x00000000000000000000000000000000000000aa")
                .setOperatorAddress("0x00000000000000000000000000000000000000bb")
                .setRegion("eu-west")
                .setProbeEndpoint("http://127.0.0.1:9/probe")
                .setDeclaredCapacity(Capacity.newBuilder().setGpuModel("L4").setGpuCount(1).setGpuMemoryMb(24_576)
                        .setCpuCores(8).setMemoryMb(32_768).setMaxConcurrentJobs(4).build())
                .setStatus(status)
                .setStatusReason(status == NodeStatus.ACTIVE ? null : "test")
                .setRegisteredAt(now)
                .setUpdatedAt(now)
                .setKeyRotation(null)
                .build();
    }

    private static void waitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
