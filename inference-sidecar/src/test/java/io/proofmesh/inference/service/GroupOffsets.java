package io.proofmesh.inference.service;

import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** A consumer group's committed offsets on {@code jobs.requests} against the topic's end (tests). */
final class GroupOffsets {

    private GroupOffsets() {}

    /** The end offset of each partition of jobs.requests now. */
    static Map<TopicPartition, Long> requestEnds(KafkaClients kafka) throws ExecutionException, InterruptedException {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            admin.describeTopics(java.util.List.of(TopicCatalog.JOB_REQUESTS.name())).allTopicNames().get()
                    .get(TopicCatalog.JOB_REQUESTS.name()).partitions()
                    .forEach(p -> ask.put(new TopicPartition(TopicCatalog.JOB_REQUESTS.name(), p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(ask).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    /** The group's committed offset on each partition of jobs.requests (0 where it never committed). */
    static Map<TopicPartition, Long> committed(KafkaClients kafka, String group, Iterable<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> out = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata m = c.get(tp);
                out.put(tp, m == null ? 0L : m.offset());
            }
            return out;
        }
    }

    /** Partitions where the group has not yet committed up to {@code ends}, with both offsets. */
    static Map<TopicPartition, String> behind(KafkaClients kafka, String group, Map<TopicPartition, Long> ends)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> c = committed(kafka, group, ends.keySet());
        Map<TopicPartition, String> out = new HashMap<>();
        ends.forEach((tp, end) -> {
            if (c.get(tp) < end) {
                out.put(tp, "committed " + c.get(tp) + " < end " + end);
            }
        });
        return out;
    }
}
