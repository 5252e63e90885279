package io.proofmesh.app.bench;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Registers the bench fleet by writing ACTIVE registrations straight to {@code nodes.registry}
 * (what the admin API writes, without its per-node wait for visibility: thousands of nodes in
 * one batch). Ingest's live registry view picks them up; the caller waits for its count.
 */
public final class BenchNodes {

    private BenchNodes() {
    }

    public static void register(KafkaClients kafka, SchemaRegistryClient registry, List<MessageSigner> nodes)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Capacity capacity = Capacity.newBuilder().setGpuModel("L4").setGpuCount(1).setGpuMemoryMb(24_576).setCpuCores(8)
                .setMemoryMb(32_768).setMaxConcurrentJobs(4).build();
        try (KafkaProducer<String, NodeRegistration> producer = new KafkaProducer<>(kafka.producerConfig("proofmesh-bench-nodes"),
                new StringSerializer(), new AvroSerializer<>(registry, false))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(nodes.size());
            for (MessageSigner n : nodes) {
                NodeRegistration r = NodeRegistration.newBuilder()
                        .setNodeId(n.address())
                        .setSigningAddress(n.address())
                        .setPayoutAddress("0x00000000000000000000000000000000000000aa")
                        .setOperatorAddress("0x00000000000000000000000000000000000000bb")
                        .setRegion("bench")
                        .setProbeEndpoint("http://127.0.0.1:9/probe")
                        .setDeclaredCapacity(capacity)
                        .setStatus(NodeStatus.ACTIVE)
                        .setStatusReason(null)
                        .setRegisteredAt(now)
                        .setUpdatedAt(now)
                        .setKeyRotation(null)
                        .build();
                acks.add(producer.send(new ProducerRecord<>(TopicCatalog.NODES_REGISTRY.name(), n.address(), r)));
            }
            for (Future<RecordMetadata> f : acks) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }
}
