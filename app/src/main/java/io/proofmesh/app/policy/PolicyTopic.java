package io.proofmesh.app.policy;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.policy.ScoringPolicy;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.policy.PolicyCodec;
import io.proofmesh.scoring.policy.PolicyHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** {@code config.scoring-policy}: every policy record on it, and publishing one (key = its content hash). */
public final class PolicyTopic {

    public static final String TOPIC = TopicCatalog.SCORING_POLICY.name();

    /** One record as stored: its key, value and place. */
    public record Entry(String key, ScoringPolicy value, int partition, long offset, long timestamp) { }

    /** Where a published policy landed. */
    public record Published(String hash, int partition, long offset) { }

    private final KafkaClients kafka;
    private final SchemaRegistryClient registry;
    private final Duration timeout;

    public PolicyTopic(Settings settings) {
        this.kafka = new KafkaClients(settings);
        CommonSettings common = CommonSettings.from(settings);
        this.registry = new SchemaRegistryClient(common.registryUrl());
        this.timeout = common.connectTimeout();
        kafka.awaitBroker(timeout);
        kafka.requireTopics(List.of(TOPIC), timeout);
    }

    /** Every record on the topic up to its current end (a compacted topic: the latest per hash, at least). */
    public List<Entry> readAll() {
        List<Entry> out = new ArrayList<>();
        try (KafkaConsumer<String, ScoringPolicy> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(registry, ScoringPolicy.class))) {
            RecordPolling.readToEnd(c, List.of(TOPIC), timeout.plusSeconds(30),
                    r -> out.add(new Entry(r.key(), r.value(), r.partition(), r.offset(), r.timestamp())));
        }
        return out;
    }

    /** Writes the signed policy under its hash with an idempotent acks=all producer; returns once Kafka acknowledged it. */
    public Published publish(ScoringPolicy signed) {
        String hash = PolicyHash.hex(PolicyHash.of(PolicyCodec.toDomain(signed)));
        try (KafkaProducer<String, ScoringPolicy> p = new KafkaProducer<>(kafka.producerConfig("proofmesh-policy-publish"),
                new StringSerializer(), new AvroSerializer<>(registry, false))) {
            RecordMetadata m = p.send(new ProducerRecord<>(TOPIC, hash, signed)).get(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            return new Published(hash, m.partition(), m.offset());
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigException("publishing policy " + hash + " to " + TOPIC + " on " + kafka.bootstrapServers()
                    + " failed: " + (e.getCause() != null ? e.getCause() : e) + "; check with `proofmesh policy show` whether it was stored before publishing again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while publishing policy " + hash + "; check with `proofmesh policy show`");
        }
    }
}
