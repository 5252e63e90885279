package io.proofmesh.streams.scorer;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.policy.ScoringPolicy;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.scores.TopicOffset;
import io.proofmesh.schemas.telemetry.LateEvent;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.telemetry.RejectionStage;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.score.NodeEpochTally;
import io.proofmesh.scoring.score.NodeScore;
import io.proofmesh.scoring.ledger.ClosingRule;
import io.proofmesh.scoring.score.ScoreDigest;
import io.proofmesh.streams.policy.PolicyResolver.ResolvedPolicy;
import io.proofmesh.streams.topology.ScoringTopologyConfig;
import io.proofmesh.streams.topology.StoreNames;
import io.proofmesh.streams.topology.TopologyNames;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes epochs on one partition: when a tick proves that nothing counting for epoch e can still
 * arrive here, every node of the partition with data in e or a registration gets its score, and
 * then the partition's {@code epochs.closed} marker is written — never a score before its epoch
 * is final. Also writes the partition's late and duplicate records.
 */
final class EpochCloser {

    private static final Logger LOG = LoggerFactory.getLogger(EpochCloser.class);

    private final ScoringTopologyConfig config;
    private final LatenessRule lateness;
    private final ProcessorContext<String, Object> context;
    private final ScorerMetrics metrics;
    private final Map<String, Long> positions;
    private final int partition;
    private final KeyValueStore<Bytes, byte[]> tallies;
    private final KeyValueStore<Bytes, byte[]> dedupe;
    private final KeyValueStore<String, byte[]> standing;
    private final KeyValueStore<String, String> registry;
    private final KeyValueStore<Integer, byte[]> clockStore;
    private final KeyValueStore<Bytes, NodeEpochScore> scores;
    private final KeyValueStore<String, ScoringPolicy> policies;
    private PartitionClock clock;
    private long lastPolicyWarning;

    EpochCloser(ScoringTopologyConfig config, ProcessorContext<String, Object> context, ScorerMetrics metrics,
                Map<String, Long> positions) {
        this.config = config;
        this.lateness = config.lateness();
        this.context = context;
        this.metrics = metrics;
        this.positions = positions;
        this.partition = context.taskId().partition();
        this.tallies = context.getStateStore(StoreNames.TALLIES);
        this.dedupe = context.getStateStore(StoreNames.DEDUPE);
        this.standing = context.getStateStore(StoreNames.STANDING);
        this.registry = context.getStateStore(StoreNames.REGISTRY);
        this.clockStore = context.getStateStore(StoreNames.CLOCK);
        this.scores = context.getStateStore(StoreNames.SCORES);
        this.policies = context.getStateStore(StoreNames.POLICIES);
        byte[] stored = clockStore.get(partition);
        this.clock = stored == null ? null : PartitionClock.fromBytes(stored);
    }

    /**
     * On the first record a partition ever processes, its clock starts just before the
     * deployment's first scored epoch — the same on every partition, so an idle partition that
     * only ever sees ticks still closes every epoch the others close.
     */
    void startIfFirst(long appendTime) {
        if (clock == null) {
            clock = new PartitionClock(config.firstEpoch() - 1, Map.of());
            clockStore.put(partition, clock.toBytes());
            LOG.debug("partition {} starts scoring with epoch {}", partition, config.firstEpoch());
        }
    }

    long lastClosed() {
        return clock == null ? Long.MIN_VALUE / 2 : clock.lastClosedEpoch();
    }

    /** Closes every epoch up to {@code target}, in order, as far as policies are published. */
    void closeUpTo(long target, long tickAppendTime) {
        long e = clock.lastClosedEpoch() + 1;
        boolean closedAny = false;
        for (; e <= target; e++) {
            Optional<ResolvedPolicy> policy = config.policies().resolve(e, publishedPolicies());
            if (policy.isEmpty()) {
                metrics.policyMissing();
                long now = System.currentTimeMillis();
                if (now - lastPolicyWarning > 30_000) {
                    lastPolicyWarning = now;
                    LOG.warn("partition {}: epoch {} cannot close: no valid scoring policy is published for it. Publish "
                            + "one signed by the trusted governance key (proofmesh policy publish); scoring resumes "
                            + "on the next tick", partition, e);
                }
                break;
            }
            close(e, policy.get(), tickAppendTime);
            closedAny = true;
        }
        if (closedAny) {
            Map<String, Long> merged = new TreeMap<>(clock.nextOffsets());
            positions.forEach((t, o) -> merged.merge(t, o, Math::max));
            clock = new PartitionClock(e - 1, merged);
            clockStore.put(partition, clock.toBytes());
        }
    }

    private void close(long epoch, ResolvedPolicy policy, long tickAppendTime) {
        TreeMap<String, NodeEpochTally> nodes = new TreeMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = tallies.range(StoreKeys.epochStart(epoch), StoreKeys.epochEnd(epoch))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                nodes.put(StoreKeys.suffixOf(kv.key), NodeEpochTally.fromBytes(kv.value));
            }
        }
        Map<String, String> statuses = new HashMap<>();
        try (KeyValueIterator<String, String> it = registry.all()) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                statuses.put(kv.key, kv.value);
            }
        }
        Instant computedAt = Instant.ofEpochMilli(tickAppendTime);
        List<NodeEpochScore> written = new ArrayList<>(nodes.size());
        for (String nodeId : ClosingRule.nodesToScore(nodes.keySet(), statuses)) {
            byte[] s = standing.get(nodeId);
            NodeStanding prior = s == null ? null : NodeStanding.fromBytes(s);
            NodeScore score = ClosingRule.score(epoch, nodeId, policy.policy(), policy.hash(),
                    lateness.schedule().lengthMillis(), nodes.get(nodeId), prior == null ? null : prior.reputation(),
                    prior == null ? null : prior.capacity(), statuses.get(nodeId));
            NodeEpochScore avro = score.toAvro(computedAt);
            context.forward(new Record<String, Object>(epoch + "/" + nodeId, avro, tickAppendTime),
                    TopologyNames.SCORES_SINK);
            scores.put(StoreKeys.epochKey(epoch, nodeId), avro);
            standing.put(nodeId, new NodeStanding(epoch, score.reputation(), score.capacitySnapshot()).toBytes());
            tallies.delete(StoreKeys.epochKey(epoch, nodeId));
            written.add(avro);
        }
        metrics.scores(written.size());
        forgetDedupeKeys(epoch - config.dedupeRetainEpochs());
        List<TopicOffset> ends = new ArrayList<>();
        Map<String, Long> merged = new TreeMap<>(clock.nextOffsets());
        positions.forEach((t, o) -> merged.merge(t, o, Math::max));
        merged.forEach((t, o) -> ends.add(new TopicOffset(t, partition, o)));
        EpochClosed marker = EpochClosed.newBuilder()
                .setEpoch(epoch)
                .setPartition(partition)
                .setPartitionCount(config.partitionCount())
                .setClosedAt(Instant.now())
                .setTickAppendTime(Instant.ofEpochMilli(tickAppendTime))
                .setEndOffsets(ends)
                .setScoreCount(written.size())
                .setScoresDigest(new Bytes32(ScoreDigest.partition(epoch, partition, written)))
                .setProcessorId(config.processorId())
                .build();
        context.forward(new Record<String, Object>(epoch + "/" + partition, marker, tickAppendTime),
                TopologyNames.CLOSED_SINK);
        metrics.epochClosed();
        LOG.debug("partition {} closed epoch {} with {} scores", partition, epoch, written.size());
    }

    private void forgetDedupeKeys(long epoch) {
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = dedupe.range(StoreKeys.epochStart(epoch), StoreKeys.epochEnd(epoch))) {
            while (it.hasNext()) {
                old.add(it.next().key);
            }
        }
        old.forEach(dedupe::delete);
    }

    private List<ScoringPolicy> publishedPolicies() {
        List<ScoringPolicy> all = new ArrayList<>();
        try (KeyValueIterator<String, ScoringPolicy> it = policies.all()) {
            while (it.hasNext()) {
                ScoringPolicy p = it.next().value;
                if (p != null) {
                    all.add(p);
                }
            }
        }
        return all;
    }

    void late(NodeEvent e) {
        metrics.late(e.kind());
        LateEvent late = LateEvent.newBuilder()
                .setNodeId(e.nodeId())
                .setEpoch(e.epoch())
                .setKind(e.kind())
                .setOriginTopic(e.topic())
                .setOriginPartition(e.partition())
                .setOriginOffset(e.offset())
                .setAppendTime(Instant.ofEpochMilli(e.appendTime()))
                .setDeadline(Instant.ofEpochMilli(lateness.deadlineOf(e.epoch())))
                .setSeq(e.seq())
                .setEventIndex(e.eventIndex())
                .build();
        context.forward(new Record<String, Object>(e.nodeId(), late, e.appendTime()), TopologyNames.LATE_SINK);
    }

    void rejectDuplicate(NodeEvent e, String why) {
        forwardRejection(e, "DUPLICATE", "duplicate " + e.kind().name().toLowerCase() + " dropped: " + why);
    }

    void rejectFromProcessor(NodeEvent e, String code, String message) {
        metrics.processorRejected();
        forwardRejection(e, code, message);
    }

    private void forwardRejection(NodeEvent e, String code, String message) {
        RejectedEvent r = RejectedEvent.newBuilder()
                .setNodeId(e.nodeId())
                .setReasonCode(code)
                .setMessage(message)
                .setStage(RejectionStage.PROCESSOR)
                .setSourceAddress(null)
                .setReceivedAt(Instant.ofEpochMilli(e.appendTime()))
                .setContentType(null)
                // The event itself stays where it is; the pointer below finds its bytes.
                .setRawBytes(ByteBuffer.allocate(0))
                .setRawTruncated(false)
                .setRawSize(0)
                .setOriginTopic(e.topic())
                .setOriginPartition(e.partition())
                .setOriginOffset(e.offset())
                .setSeq(e.seq())
                .setEventIndex(e.eventIndex())
                .setEpoch(e.epoch())
                .build();
        context.forward(new Record<String, Object>(e.nodeId(), r, e.appendTime()), TopologyNames.REJECTED_SINK);
    }
}
