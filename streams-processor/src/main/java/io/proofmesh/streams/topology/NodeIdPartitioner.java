package io.proofmesh.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions records keyed "epoch/nodeId" by the nodeId alone, exactly as Kafka's default
 * partitioner places a record keyed nodeId: a node's scores land on the same partition number as
 * its telemetry, so one task (and the settler reading one partition) sees a node whole.
 */
public final class NodeIdPartitioner implements StreamPartitioner<String, Object> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Object value, int numPartitions) {
        return Optional.of(Set.of(partitionOf(nodeIdOf(key), numPartitions)));
    }

    /** The nodeId part of an "epoch/nodeId" key (the whole key if it has no '/'). */
    public static String nodeIdOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }

    /** Kafka's default partition of a UTF-8 string key. */
    public static int partitionOf(String nodeId, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(nodeId.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }
}
