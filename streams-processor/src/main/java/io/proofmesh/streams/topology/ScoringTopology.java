package io.proofmesh.streams.topology;

import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.policy.ScoringPolicy;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.telemetry.CapacityReport;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.LateEvent;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import io.proofmesh.streams.scorer.EpochScorer;
import io.proofmesh.streams.scorer.ScorerMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The scoring topology (Processor API: the lateness rule, per-partition epoch closing and
 * scoring at close are not expressible in the DSL):
 *
 * <pre>
 *  telemetry.heartbeats ─┐
 *  telemetry.capacity ───┤
 *  telemetry.probes ─────┤                      ┌─▶ scores.epoch   (key epoch/nodeId, partitioned by nodeId)
 *  jobs.results ─────────┼─▶ epoch-scorer ──────┼─▶ epochs.closed  (key epoch/partition)
 *  jobs.verifications ───┤   (stores: tallies,  ├─▶ telemetry.late
 *  nodes.registry ───────┤    dedupe, standing, └─▶ telemetry.rejected (DUPLICATE, stage PROCESSOR)
 *  telemetry.rejected ───┤    registry, clock,
 *  clock.ticks ──────────┘    scores, rejections)
 *  config.scoring-policy ──▶ global store scoring-policies
 *  epochs.closed ──────────▶ global store epochs-closed (query API)
 * </pre>
 */
public final class ScoringTopology {

    /** Node-group topics the scorer reads, in the order sources are added. */
    public static final List<TopicSpec> INPUTS = List.of(TopicCatalog.HEARTBEATS, TopicCatalog.CAPACITY,
            TopicCatalog.PROBES, TopicCatalog.JOB_RESULTS, TopicCatalog.JOB_VERIFICATIONS, TopicCatalog.NODES_REGISTRY,
            TopicCatalog.REJECTED, TopicCatalog.CLOCK_TICKS);

    private ScoringTopology() {}

    public static Topology buildTopology(ScoringTopologyConfig config) {
        ScoringSerdes serdes = config.serdes();
        ScorerMetrics metrics = new ScorerMetrics(config.metrics());
        Topology t = new Topology();
        List<String> sources = new ArrayList<>();
        addSource(t, sources, TopicCatalog.HEARTBEATS, serdes.value(Heartbeat.class));
        addSource(t, sources, TopicCatalog.CAPACITY, serdes.value(CapacityReport.class));
        addSource(t, sources, TopicCatalog.PROBES, serdes.value(LatencyProbe.class));
        addSource(t, sources, TopicCatalog.JOB_RESULTS, serdes.value(JobResult.class));
        addSource(t, sources, TopicCatalog.JOB_VERIFICATIONS, serdes.value(JobVerification.class));
        addSource(t, sources, TopicCatalog.NODES_REGISTRY, serdes.value(NodeRegistration.class));
        addSource(t, sources, TopicCatalog.REJECTED, serdes.value(RejectedEvent.class));
        addSource(t, sources, TopicCatalog.CLOCK_TICKS, serdes.value(Tick.class));

        t.addProcessor(TopologyNames.SCORER, () -> new EpochScorer(config, metrics), sources.toArray(String[]::new));
        t.addStateStore(bytesStore(StoreNames.TALLIES), TopologyNames.SCORER);
        t.addStateStore(bytesStore(StoreNames.DEDUPE), TopologyNames.SCORER);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.STANDING),
                Serdes.String(), Serdes.ByteArray()), TopologyNames.SCORER);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.REGISTRY),
                Serdes.String(), Serdes.String()), TopologyNames.SCORER);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CLOCK),
                Serdes.Integer(), Serdes.ByteArray()), TopologyNames.SCORER);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SCORES),
                Serdes.Bytes(), serdes.value(NodeEpochScore.class)), TopologyNames.SCORER);
        t.addStateStore(bytesStore(StoreNames.REJECTIONS), TopologyNames.SCORER);

        t.addSink(TopologyNames.SCORES_SINK, TopicCatalog.SCORES_EPOCH.name(), Serdes.String().serializer(),
                valueSerializer(serdes, NodeEpochScore.class), new NodeIdPartitioner(), TopologyNames.SCORER);
        t.addSink(TopologyNames.CLOSED_SINK, TopicCatalog.EPOCHS_CLOSED.name(), Serdes.String().serializer(),
                valueSerializer(serdes, EpochClosed.class), TopologyNames.SCORER);
        t.addSink(TopologyNames.LATE_SINK, TopicCatalog.LATE.name(), Serdes.String().serializer(),
                valueSerializer(serdes, LateEvent.class), TopologyNames.SCORER);
        t.addSink(TopologyNames.REJECTED_SINK, TopicCatalog.REJECTED.name(), Serdes.String().serializer(),
                valueSerializer(serdes, RejectedEvent.class), TopologyNames.SCORER);

        addGlobalTable(t, StoreNames.POLICIES, TopicCatalog.SCORING_POLICY, serdes.value(ScoringPolicy.class));
        addGlobalTable(t, StoreNames.CLOSED, TopicCatalog.EPOCHS_CLOSED, serdes.value(EpochClosed.class));
        return t;
    }

    private static void addSource(Topology t, List<String> sources, TopicSpec topic, Serde<?> serde) {
        String name = topic.name() + "-source";
        t.addSource(AutoOffsetReset.earliest(), name, Serdes.String().deserializer(), serde.deserializer(), topic.name());
        sources.add(name);
    }

    private static StoreBuilder<KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>> bytesStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Serializer<Object> valueSerializer(ScoringSerdes serdes, Class<T> type) {
        Serializer<T> s = serdes.value(type).serializer();
        return (topic, value) -> s.serialize(topic, (T) value);
    }

    /** A read-only copy of a whole (small, compacted) topic on every instance. */
    private static <V extends SpecificRecord> void addGlobalTable(Topology t, String store, TopicSpec topic, Serde<V> serde) {
        t.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), serde)
                        .withLoggingDisabled(),
                store + "-source", Serdes.String().deserializer(), serde.deserializer(), topic.name(),
                store + "-updater", () -> new GlobalTableUpdater<V>(store));
    }

    /** Keeps a global store equal to its topic (a null value deletes the key). */
    private static final class GlobalTableUpdater<V> implements Processor<String, V, Void, Void> {
        private final String storeName;
        private KeyValueStore<String, V> store;

        GlobalTableUpdater(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, V> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
