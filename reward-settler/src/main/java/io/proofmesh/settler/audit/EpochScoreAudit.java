package io.proofmesh.settler.audit;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.scores.TopicOffset;
import io.proofmesh.schemas.telemetry.CapacityReport;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.ledger.AdmissionRule;
import io.proofmesh.scoring.policy.PolicyBook;
import io.proofmesh.scoring.policy.PolicyHash;
import io.proofmesh.scoring.policy.PolicyVerifier;
import io.proofmesh.scoring.policy.RefusedPolicyException;
import io.proofmesh.scoring.policy.VerifiedPolicy;
import io.proofmesh.scoring.score.ScoreDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Recomputes every NodeEpochScore of a closed epoch from the raw topics and compares it with
 * {@code scores.epoch} (the score half of {@code proofmesh audit}). Per partition: the
 * {@code epochs.closed} marker names the exclusive end offset the processor had reached on each
 * input; the inputs are read from the lookback ({@link AuditSettings#lookbackStart}; the registry
 * from its start) up to those offsets, read_committed, replayed in append-time order through the
 * processor's own rules ({@code io.proofmesh.scoring.ledger}), and scored with the policy in force
 * (verified against {@code scoring.governance-address}) and the reputation and capacity carried in
 * from the node's score of the previous epoch.
 */
public final class EpochScoreAudit {

    /** The processor's input topics that bear on scores, in its source order (ties in append time go in this order). */
    private static final List<Input> INPUTS = List.of(
            new Input(TopicCatalog.HEARTBEATS, Heartbeat.class),
            new Input(TopicCatalog.CAPACITY, CapacityReport.class),
            new Input(TopicCatalog.PROBES, LatencyProbe.class),
            new Input(TopicCatalog.JOB_RESULTS, JobResult.class),
            new Input(TopicCatalog.JOB_VERIFICATIONS, JobVerification.class),
            new Input(TopicCatalog.NODES_REGISTRY, NodeRegistration.class),
            new Input(TopicCatalog.CLOCK_TICKS, Tick.class));

    private final KafkaClients kafka;
    private final SchemaRegistryClient registry;
    private final AuditSettings settings;
    private final LatenessRule lateness;
    private final Duration timeout;

    public EpochScoreAudit(Settings settings) {
        this(new KafkaClients(settings), new SchemaRegistryClient(CommonSettings.from(settings).registryUrl()),
                AuditSettings.from(settings), Duration.ofSeconds(60));
    }

    public EpochScoreAudit(KafkaClients kafka, SchemaRegistryClient registry, AuditSettings settings, Duration timeout) {
        this.kafka = kafka;
        this.registry = registry;
        this.settings = settings;
        this.lateness = settings.lateness();
        this.timeout = timeout;
    }

    /**
     * @param processorId whose markers to audit, or null if only one processor closed the epoch
     */
    public ScoreAuditReport audit(long epoch, String processorId, AuditProgress progress) {
        return recompute(epoch, processorId, progress).report();
    }

    /**
     * The score audit with what it recomputed, for the rewards half ({@link EpochAudit}).
     *
     * @param report    the score audit's findings
     * @param markers   the audited markers, by partition
     * @param scores    the recomputed scores, by partition
     * @param policy    the policy in force for the epoch
     */
    public record Recomputation(ScoreAuditReport report, Map<Integer, EpochClosed> markers,
                                Map<Integer, List<NodeEpochScore>> scores, VerifiedPolicy policy) {
    }

    public Recomputation recompute(long epoch, String processorId, AuditProgress progress) {
        try (TopicRangeReader reader = new TopicRangeReader(kafka, registry, timeout)) {
            Map<Integer, EpochClosed> markers = markers(reader, epoch, processorId);
            EpochClosed any = markers.values().iterator().next();
            VerifiedPolicy policy = policy(reader, epoch);

            Map<Integer, List<Range>> plan = new TreeMap<>();
            List<String> warnings = new ArrayList<>();
            long total = 0;
            for (EpochClosed m : markers.values()) {
                List<Range> ranges = ranges(reader, epoch, m, warnings);
                plan.put(m.getPartition(), ranges);
                total += ranges.stream().mapToLong(r -> r.to - r.from).sum();
            }
            AtomicLong read = new AtomicLong();
            long totalRecords = total;
            List<PartitionVerdict> partitions = new ArrayList<>();
            List<NodeVerdict> nodes = new ArrayList<>();
            Map<Integer, List<NodeEpochScore>> recomputed = new TreeMap<>();
            for (Map.Entry<Integer, List<Range>> p : plan.entrySet()) {
                recomputed.put(p.getKey(), auditPartition(reader, epoch, markers.get(p.getKey()), policy, p.getValue(),
                        partitions, nodes, n -> progress.progress(read.addAndGet(n), totalRecords, "partition " + p.getKey())));
            }
            nodes.sort(Comparator.comparing(NodeVerdict::nodeId));
            List<Integer> missing = new ArrayList<>();
            for (int p = 0; p < any.getPartitionCount(); p++) {
                if (!markers.containsKey(p)) {
                    missing.add(p);
                }
            }
            ScoreAuditReport report = new ScoreAuditReport(epoch, PolicyHash.hex(policy.hash()), any.getProcessorId(),
                    any.getPartitionCount(), missing, partitions, nodes, reader.undecodable(), warnings);
            return new Recomputation(report, markers, recomputed, policy);
        }
    }

    /** Audits one partition; returns its recomputed scores. */
    private List<NodeEpochScore> auditPartition(TopicRangeReader reader, long epoch, EpochClosed marker, VerifiedPolicy policy,
                                List<Range> ranges, List<PartitionVerdict> partitions, List<NodeVerdict> verdicts,
                                java.util.function.Consumer<Long> advanced) {
        int partition = marker.getPartition();
        List<StoredRecord> inputs = new ArrayList<>();
        Map<String, NodeEpochScore> recorded = new TreeMap<>();
        Map<String, NodeEpochScore> recordedBefore = new HashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        Set<String> deleted = new TreeSet<>();
        for (Range r : ranges) {
            if (r.input == null) {
                reader.read(r.tp, r.from, r.to, NodeEpochScore.class, s -> {
                    if (s.key() == null || !(s.value() instanceof NodeEpochScore || s.value() == null)) {
                        return;
                    }
                    String node = s.key().substring(s.key().indexOf('/') + 1);
                    if (s.key().startsWith(epoch + "/")) {
                        if (s.value() == null) {
                            deleted.add(node);
                        } else {
                            copies.merge(node, 1, Integer::sum);
                            deleted.remove(node);
                        }
                        putOrRemove(recorded, node, (NodeEpochScore) s.value());
                    } else if (s.key().startsWith((epoch - 1) + "/")) {
                        putOrRemove(recordedBefore, node, (NodeEpochScore) s.value());
                    }
                }, advanced);
            } else {
                reader.read(r.tp, r.from, r.to, r.input.type, inputs::add, advanced);
            }
        }
        inputs.sort(Comparator.comparingLong(StoredRecord::timestamp).thenComparingInt(s -> order(s.topic()))
                .thenComparingLong(StoredRecord::offset));
        PartitionReplay replay = new PartitionReplay(epoch, settings.firstEpoch(),
                new AdmissionRule(lateness, settings.dedupeRetainEpochs()));
        inputs.forEach(replay::accept);

        Map<String, PartitionRescoring.Rescored> rescored = PartitionRescoring.rescore(epoch, replay, policy.policy(),
                policy.hash(), settings.schedule().lengthMillis(), recordedBefore, recorded, marker.getTickAppendTime());
        List<NodeEpochScore> recomputed = new ArrayList<>();
        for (Map.Entry<String, PartitionRescoring.Rescored> r : rescored.entrySet()) {
            String node = r.getKey();
            NodeEpochScore expected = r.getValue().score();
            recomputed.add(expected);
            List<String> notes = new ArrayList<>(r.getValue().notes());
            if (copies.getOrDefault(node, 0) > 1) {
                notes.add("scores.epoch holds " + copies.get(node) + " records for this node and epoch; the latest is compared");
            }
            if (deleted.contains(node)) {
                notes.add("its score in scores.epoch was deleted by a tombstone");
            }
            NodeEpochScore rec = recorded.get(node);
            if (rec == null) {
                verdicts.add(new NodeVerdict(node, partition, NodeVerdict.Status.MISSING, List.of(), notes));
            } else {
                List<FieldDifference> d = ScoreComparison.differences(expected, rec);
                verdicts.add(new NodeVerdict(node, partition,
                        d.isEmpty() ? NodeVerdict.Status.MATCH : NodeVerdict.Status.MISMATCH, d, notes));
            }
        }
        Set<String> scored = rescored.keySet();
        for (String node : new TreeSet<>(recorded.keySet())) {
            if (!scored.contains(node)) {
                verdicts.add(new NodeVerdict(node, partition, NodeVerdict.Status.UNEXPECTED, List.of(),
                        List.of("recorded, but the partition's inputs give this node no event in epoch " + epoch
                                + " and no ACTIVE registration")));
            }
        }
        partitions.add(new PartitionVerdict(partition, hex(marker.getScoresDigest().bytes()),
                hex(ScoreDigest.partition(epoch, partition, recomputed)),
                hex(ScoreDigest.partition(epoch, partition, new ArrayList<>(recorded.values()))),
                marker.getScoreCount(), recomputed.size(), recorded.size(), inputs.size(), replay.counted()));
        return recomputed;
    }

    private static void putOrRemove(Map<String, NodeEpochScore> m, String node, NodeEpochScore s) {
        if (s == null) {
            m.remove(node);
        } else {
            m.put(node, s);
        }
    }

    /** The latest marker of {@code epoch} per partition, of one processor. */
    private Map<Integer, EpochClosed> markers(TopicRangeReader reader, long epoch, String processorId) {
        String topic = TopicCatalog.EPOCHS_CLOSED.name();
        Map<String, Map<Integer, EpochClosed>> byProcessor = new TreeMap<>();
        for (int p = 0; p < reader.partitionCount(topic); p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            // A marker's timestamp is its closing tick's append time, never before the close time.
            reader.read(tp, reader.offsetAt(tp, lateness.closeTimeOf(epoch)), reader.endOffset(tp), EpochClosed.class, r -> {
                if (r.value() instanceof EpochClosed m && m.getEpoch() == epoch
                        && (processorId == null || processorId.equals(m.getProcessorId()))) {
                    byProcessor.computeIfAbsent(m.getProcessorId(), k -> new TreeMap<>()).put(m.getPartition(), m);
                }
            }, n -> { });
        }
        if (byProcessor.isEmpty()) {
            throw new AuditException("epoch " + epoch + " is not closed on any partition" + (processorId == null ? ""
                    : " by processor '" + processorId + "'") + " (no marker in " + topic + "); wait until the processor "
                    + "closes it, and check that epoch.genesis/length/grace are the processor's");
        }
        if (byProcessor.size() > 1) {
            throw new AuditException("epoch " + epoch + " was closed by several processors " + byProcessor.keySet()
                    + "; say which one to audit (its streams.instance-id)");
        }
        return byProcessor.values().iterator().next();
    }

    /** The policy in force for {@code epoch} among the verified published records (PROTOCOL.md §11.5). */
    private VerifiedPolicy policy(TopicRangeReader reader, long epoch) {
        PolicyVerifier verifier = new PolicyVerifier(settings.network(), settings.chainId(), settings.governanceAddress(),
                settings.schedule());
        List<VerifiedPolicy> valid = new ArrayList<>();
        String topic = TopicCatalog.SCORING_POLICY.name();
        for (int p = 0; p < reader.partitionCount(topic); p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            reader.read(tp, reader.beginningOffset(tp), reader.endOffset(tp),
                    io.proofmesh.schemas.policy.ScoringPolicy.class, r -> {
                        if (r.value() instanceof io.proofmesh.schemas.policy.ScoringPolicy sp) {
                            try {
                                valid.add(verifier.verify(sp));
                            } catch (RefusedPolicyException e) {
                                // not trusted or not valid: the processor ignores it too
                            }
                        }
                    }, n -> { });
        }
        return PolicyBook.of(valid).policyFor(epoch, settings.schedule()).orElseThrow(() -> new AuditException(
                "no valid scoring policy for epoch " + epoch + " signed by " + settings.governanceAddress() + " on network '"
                        + settings.network() + "'; check " + AuditSettings.GOVERNANCE + " and network.* against the processor's"));
    }

    /** What to read for one partition: its inputs up to the marker's end offsets, and its recorded scores. */
    private List<Range> ranges(TopicRangeReader reader, long epoch, EpochClosed marker, List<String> warnings) {
        Map<String, Long> ends = new HashMap<>();
        for (TopicOffset o : marker.getEndOffsets()) {
            ends.put(o.getTopic(), o.getOffset());
        }
        List<Range> ranges = new ArrayList<>();
        long lookback = settings.lookbackStart(epoch);
        for (Input in : INPUTS) {
            Long end = ends.get(in.topic.name());
            if (end == null) {
                continue; // the processor never read this input on this partition
            }
            TopicPartition tp = new TopicPartition(in.topic.name(), marker.getPartition());
            long start = reader.beginningOffset(tp);
            long from = in.topic == TopicCatalog.NODES_REGISTRY ? start : reader.offsetAt(tp, lookback);
            if (in.topic != TopicCatalog.NODES_REGISTRY && start > 0 && from == start && from < end) {
                // The log starts inside the lookback: what came before it may have been deleted.
                warnings.add(tp + " starts at offset " + start + ", not before " + Instant.ofEpochMilli(lookback)
                        + ": inputs of epoch " + epoch + " may already be deleted by retention; the recomputation may "
                        + "be incomplete");
            }
            ranges.add(new Range(tp, Math.min(from, end), end, in));
        }
        TopicPartition scores = new TopicPartition(TopicCatalog.SCORES_EPOCH.name(), marker.getPartition());
        // Scores carry their closing tick's time: those of epoch − 1 are not older than its close time.
        ranges.add(new Range(scores, reader.offsetAt(scores, lateness.closeTimeOf(epoch - 1)), reader.endOffset(scores), null));
        return ranges;
    }

    private static int order(String topic) {
        for (int i = 0; i < INPUTS.size(); i++) {
            if (INPUTS.get(i).topic.name().equals(topic)) {
                return i;
            }
        }
        return INPUTS.size();
    }

    private static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    private record Input(TopicSpec topic, Class<? extends SpecificRecord> type) {}

    /** [from, to) of one partition; {@code input} null for scores.epoch. */
    private record Range(TopicPartition tp, long from, long to, Input input) {}
}
