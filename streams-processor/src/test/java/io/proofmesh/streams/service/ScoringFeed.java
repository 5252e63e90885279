package io.proofmesh.streams.service;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.policy.PolicyCodec;
import io.proofmesh.scoring.policy.PolicyHash;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.streams.topology.ScoringInputs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the processor's inputs straight to the topics of a real broker, as ingest, the prober,
 * the verifier and governance would: records keyed by nodeId (default partitioner), ticks to every
 * partition, a signed policy.
 */
public final class ScoringFeed implements AutoCloseable {

    /** The dev governance key (anvil #9), trusted by default on the devnet. */
    static final String DEV_GOVERNANCE_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";

    private final KafkaProducer<String, SpecificRecord> producer;
    private long tickSeq;

    public ScoringFeed(Settings settings) {
        KafkaClients kafka = new KafkaClients(settings);
        Map<String, Object> config = kafka.producerConfig("scoring-feed");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(config, new StringSerializer(),
                new AvroSerializer<>(new SchemaRegistryClient(settings.get("registry.url")), false));
    }

    public RecordMetadata send(String topic, String key, SpecificRecord value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e, e);
        }
    }

    /** One tick to every partition of clock.ticks; returns each tick's append time by partition. */
    public List<RecordMetadata> tickAll() {
        List<PartitionInfo> partitions = producer.partitionsFor(TopicCatalog.CLOCK_TICKS.name());
        tickSeq++;
        return partitions.stream().map(p -> {
            try {
                return producer.send(new ProducerRecord<>(TopicCatalog.CLOCK_TICKS.name(), p.partition(),
                        Integer.toString(p.partition()), ScoringInputs.tick(p.partition(), tickSeq))).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot tick partition " + p.partition() + ": " + e, e);
            }
        }).toList();
    }

    /** Publishes {@code policy} signed by the dev governance key for the devnet, keyed by its hash. */
    public String publishPolicy(ScoringPolicy policy) {
        byte[] hash = PolicyHash.of(policy);
        MessageSigner governance = MessageSigner.fromPrivateKeyHex(DEV_GOVERNANCE_KEY);
        byte[] signature = governance.signPersonal(PolicyHash.signingDigest(hash, StreamsSettings.DEVNET, 31337));
        send(TopicCatalog.SCORING_POLICY.name(), PolicyHash.hex(hash), PolicyCodec.toAvro(policy, governance.address(),
                signature));
        return PolicyHash.hex(hash);
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
