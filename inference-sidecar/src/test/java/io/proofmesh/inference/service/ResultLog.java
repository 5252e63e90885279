package io.proofmesh.inference.service;

import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record on {@code jobs.results} that answers one of the watched jobs, in log order per
 * partition, duplicates included (tests). Reads uncommitted records too: ingest's producer is
 * idempotent, not transactional, so there is nothing to abort.
 */
final class ResultLog implements AutoCloseable {

    private final KafkaConsumer<String, JobResult> consumer;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Map<String, List<JobResult>> byJob = new LinkedHashMap<>();

    ResultLog(KafkaClients kafka, SchemaRegistryClient registry) {
        Map<String, Object> c = kafka.consumerConfig(null);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), AvroDeserializer.specific(registry, JobResult.class));
        List<TopicPartition> tps = consumer.partitionsFor(TopicCatalog.JOB_RESULTS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
    }

    void watch(Collection<String> jobIds) {
        watched.addAll(jobIds);
    }

    /** Reads what arrived since the last call (one poll). */
    synchronized ResultLog poll() {
        for (ConsumerRecord<String, JobResult> r : RecordPolling.poll(consumer, Duration.ofMillis(200))) {
            String id = r.value().getJobId().toString();
            if (watched.contains(id)) {
                byJob.computeIfAbsent(id, k -> new ArrayList<>()).add(r.value());
            }
        }
        return this;
    }

    /** Reads until this consumer is at the end of every partition as it is now. */
    synchronized ResultLog readToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long until = System.nanoTime() + timeout.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("jobs.results not read to its end within " + timeout);
            }
            poll();
        }
        return this;
    }

    /** Jobs with at least one result. */
    synchronized int answered() {
        return byJob.size();
    }

    synchronized Map<String, List<JobResult>> byJob() {
        Map<String, List<JobResult>> copy = new LinkedHashMap<>();
        byJob.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
