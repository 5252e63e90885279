package io.proofmesh.streams.query;

import io.proofmesh.streams.topology.StoreNames;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's active stores (never standby or stale copies: answers must match the owner's
 * committed state), and who owns a node. Anything asked while the instance is not RUNNING is a
 * {@code REBALANCING} error.
 */
final class LocalStores {

    private final Supplier<KafkaStreams> streams;

    LocalStores(Supplier<KafkaStreams> streams) {
        this.streams = streams;
    }

    KafkaStreams running() {
        KafkaStreams s = streams.get();
        if (s == null) {
            throw ApiError.rebalancing("the processor is starting");
        }
        if (s.state() != KafkaStreams.State.RUNNING) {
            throw ApiError.rebalancing("the processor is " + s.state() + ", its stores are moving");
        }
        return s;
    }

    /** The partition (and so the task and host) that holds everything of {@code nodeId}. */
    KeyQueryMetadata ownerOf(String nodeId) {
        KeyQueryMetadata m = running().queryMetadataForKey(StoreNames.SCORES, nodeId, Serdes.String().serializer());
        if (m == null || m == KeyQueryMetadata.NOT_AVAILABLE || m.activeHost() == null) {
            throw ApiError.rebalancing("no instance owns node " + nodeId + " at the moment");
        }
        return m;
    }

    /** One partition's store of this instance (the node's task). */
    <K, V> ReadOnlyKeyValueStore<K, V> partition(String name, int partition) {
        return running().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore())
                .withPartition(partition));
    }

    /** A global store (every instance holds all of it). */
    <K, V> ReadOnlyKeyValueStore<K, V> global(String name) {
        return running().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()));
    }

    /** Partitions whose active task runs here. */
    Set<Integer> activePartitions() {
        Set<Integer> out = new TreeSet<>();
        running().metadataForLocalThreads().forEach(t -> t.activeTasks().forEach(task -> out.add(task.taskId().partition())));
        return out;
    }
}
