package io.proofmesh.settler.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.scores.TopicOffset;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.ledger.AdmissionRule;
import io.proofmesh.scoring.policy.LatencyTier;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.scoring.score.ScoreDigest;
import io.proofmesh.streams.policy.PolicyResolver;
import io.proofmesh.streams.topology.BinaryAvroSerdes;
import io.proofmesh.streams.topology.ScoringInputs;
import io.proofmesh.streams.topology.ScoringTopology;
import io.proofmesh.streams.topology.ScoringTopologyConfig;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit's replay against the real processor topology (TopologyTestDriver, one partition):
 * random input with duplicates, late events, events signed ahead and behind, jobs answered again
 * in the next epoch, unknown verdicts, suspended nodes and ticks; for every epoch the processor
 * closed, the replay of exactly the records before the marker's end offsets, read from the
 * audit's lookback, gives the processor's scores field for field and its partition digest.
 */
class ReplayEqualsProcessorTest {

    static final EpochSchedule SCHEDULE = new EpochSchedule(0, 10_000, 2_000);
    static final long MARGIN = 1_000;
    static final long SKEW = 500;
    static final LatenessRule RULE = new LatenessRule(SCHEDULE, MARGIN);
    static final byte[] HASH = new byte[32];
    static {
        HASH[0] = 0x42;
    }
    static final ScoringPolicy POLICY = new ScoringPolicy("test", 0, 1,
            List.of(new LatencyTier(50_000, 1_000_000), new LatencyTier(200_000, 500_000)), 300_000, 600_000, 400_000,
            1_000_000, 1_000_000, 500_000, new BigInteger("1000000000000000000000"), 0);
    static final List<String> NODES = List.of("0x00000000000000000000000000000000000000a1",
            "0x00000000000000000000000000000000000000b2", "0x00000000000000000000000000000000000000c3");

    final BinaryAvroSerdes serdes = new BinaryAvroSerdes();
    final List<StoredRecord> piped = new ArrayList<>();
    final Map<String, Long> nextOffset = new HashMap<>();
    TopologyTestDriver driver;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void replayGivesTheProcessorsScores(long seed) {
        for (int retain : new int[] {1, 2}) {
            piped.clear();
            nextOffset.clear();
            ScoringTopologyConfig config = new ScoringTopologyConfig(RULE, 0, 1, retain, "p", (epoch, published) ->
                    published.isEmpty() ? Optional.empty() : Optional.of(new PolicyResolver.ResolvedPolicy(POLICY, HASH)),
                    serdes, new SimpleMeterRegistry());
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-test");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            driver = new TopologyTestDriver(ScoringTopology.buildTopology(config), p);
            try {
                feed(new Random(seed));
                check(retain);
            } finally {
                driver.close();
            }
        }
    }

    private void feed(Random rnd) {
        driver.createInputTopic(TopicCatalog.SCORING_POLICY.name(), Serdes.String().serializer(),
                serdes.value(io.proofmesh.schemas.policy.ScoringPolicy.class).serializer()).pipeInput("h", policyRecord(), 0L);
        pipe(TopicCatalog.NODES_REGISTRY.name(), NODES.get(0), ScoringInputs.registration(NODES.get(0), NodeStatus.ACTIVE), 1);
        pipe(TopicCatalog.NODES_REGISTRY.name(), NODES.get(1), ScoringInputs.registration(NODES.get(1), NodeStatus.SUSPENDED), 2);
        int jobSerial = 0;
        List<String> recentJobs = new ArrayList<>();
        for (long t = 10; t < 75_000; t += 1 + rnd.nextInt(120)) {
            String node = NODES.get(rnd.nextInt(NODES.size()));
            long sentAt = Math.max(0, t - rnd.nextInt(3_500) + SKEW * rnd.nextInt(2));
            int kind = rnd.nextInt(100);
            if (kind < 40) {
                pipe(TopicCatalog.HEARTBEATS.name(), node, ScoringInputs.heartbeat(node, rnd.nextInt(60), rnd.nextInt(2), sentAt), t);
            } else if (kind < 45) {
                pipe(TopicCatalog.CAPACITY.name(), node,
                        ScoringInputs.capacityReport(node, 1000 + rnd.nextInt(30), 0, sentAt, 1 + rnd.nextInt(4)), t);
            } else if (kind < 60) {
                ProbeOutcome outcome = rnd.nextInt(5) == 0 ? ProbeOutcome.TIMEOUT : ProbeOutcome.OK;
                pipe(TopicCatalog.PROBES.name(), node, ScoringInputs.probe(node, rnd.nextInt(400), sentAt, outcome,
                        outcome == ProbeOutcome.OK ? (long) rnd.nextInt(300_000) : null), t);
            } else if (kind < 75) {
                // Mostly new jobs; sometimes one answered again shortly after (a sidecar restarted mid-job).
                String job = !recentJobs.isEmpty() && rnd.nextInt(4) == 0
                        ? recentJobs.get(rnd.nextInt(recentJobs.size())) : node + "-job-" + (jobSerial++);
                if (!job.startsWith(node)) {
                    job = node + "-job-" + (jobSerial++);
                }
                recentJobs.add(job);
                if (recentJobs.size() > 4) {
                    recentJobs.remove(0);
                }
                JobStatus status = JobStatus.values()[rnd.nextInt(JobStatus.values().length)];
                pipe(TopicCatalog.JOB_RESULTS.name(), node, ScoringInputs.jobResult(node, job, 2000 + rnd.nextInt(200),
                        rnd.nextInt(2), sentAt, status, rnd.nextInt(100)), t);
            } else if (kind < 85) {
                Verdict verdict = rnd.nextInt(12) == 0 ? Verdict.UNKNOWN : rnd.nextInt(4) == 0 ? Verdict.MISMATCH : Verdict.MATCH;
                JobVerification v = ScoringInputs.verification(node, "v-" + rnd.nextInt(50), verdict, sentAt);
                pipe(TopicCatalog.JOB_VERIFICATIONS.name(), node, v, t);
            } else if (kind < 87) {
                String n = NODES.get(rnd.nextInt(NODES.size()));
                NodeStatus s = rnd.nextBoolean() ? NodeStatus.ACTIVE : NodeStatus.SUSPENDED;
                pipe(TopicCatalog.NODES_REGISTRY.name(), n, ScoringInputs.registration(n, s), t);
            } else {
                pipe(TopicCatalog.CLOCK_TICKS.name(), "0", ScoringInputs.tick(0, t), t);
            }
        }
    }

    private void check(int retain) {
        Map<Long, Map<String, NodeEpochScore>> scores = new TreeMap<>();
        for (var kv : driver.createOutputTopic(TopicCatalog.SCORES_EPOCH.name(), Serdes.String().deserializer(),
                serdes.value(NodeEpochScore.class).deserializer()).readKeyValuesToList()) {
            scores.computeIfAbsent(kv.value.getEpoch(), e -> new TreeMap<>()).put(kv.value.getNodeId(), kv.value);
        }
        List<EpochClosed> markers = driver.createOutputTopic(TopicCatalog.EPOCHS_CLOSED.name(),
                Serdes.String().deserializer(), serdes.value(EpochClosed.class).deserializer()).readValuesToList();
        assertThat(markers).as("epochs closed").hasSizeGreaterThanOrEqualTo(5);
        long nonEmpty = 0;
        for (EpochClosed m : markers) {
            long epoch = m.getEpoch();
            Map<String, Long> ends = new HashMap<>();
            for (TopicOffset o : m.getEndOffsets()) {
                ends.put(o.getTopic(), o.getOffset());
            }
            long lookback = SCHEDULE.startOf(epoch - 1) - SKEW;
            PartitionReplay replay = new PartitionReplay(epoch, 0, new AdmissionRule(RULE, retain));
            for (StoredRecord r : piped) {
                boolean registry = r.topic().equals(TopicCatalog.NODES_REGISTRY.name());
                if (r.offset() < ends.getOrDefault(r.topic(), 0L) && (registry || r.timestamp() >= lookback)) {
                    replay.accept(r);
                }
            }
            Map<String, NodeEpochScore> recorded = scores.getOrDefault(epoch, Map.of());
            Map<String, PartitionRescoring.Rescored> rescored = PartitionRescoring.rescore(epoch, replay, POLICY, HASH,
                    SCHEDULE.lengthMillis(), scores.getOrDefault(epoch - 1, Map.of()), recorded, m.getTickAppendTime());
            assertThat(rescored.keySet()).as("nodes scored in epoch " + epoch).isEqualTo(recorded.keySet());
            for (var r : rescored.entrySet()) {
                assertThat(ScoreComparison.differences(r.getValue().score(), recorded.get(r.getKey())))
                        .as("epoch %d node %s (retain %d)", epoch, r.getKey(), retain).isEmpty();
            }
            assertThat(ScoreDigest.partition(epoch, 0, rescored.values().stream().map(PartitionRescoring.Rescored::score)
                    .toList())).as("digest of epoch " + epoch).isEqualTo(m.getScoresDigest().bytes());
            nonEmpty += recorded.values().stream().filter(s -> s.getDuplicateEvents() > 0 && s.getLateEvents() > 0
                    && s.getWork().getJobsOk() + s.getWork().getJobsFailed() > 0).count();
        }
        assertThat(nonEmpty).as("scores with counted work, duplicates and late events").isPositive();
    }

    private void pipe(String topic, String key, SpecificRecord value, long appendTime) {
        @SuppressWarnings("unchecked")
        Class<SpecificRecord> type = (Class<SpecificRecord>) value.getClass();
        driver.createInputTopic(topic, Serdes.String().serializer(), serdes.value(type).serializer())
                .pipeInput(new TestRecord<>(key, value, Instant.ofEpochMilli(appendTime)));
        long offset = nextOffset.merge(topic, 1L, Long::sum) - 1;
        piped.add(new StoredRecord(topic, 0, offset, appendTime, key, value));
    }

    private static io.proofmesh.schemas.policy.ScoringPolicy policyRecord() {
        return io.proofmesh.schemas.policy.ScoringPolicy.newBuilder()
                .setPolicyVersion("test").setEffectiveFromEpoch(0).setHeartbeatIntervalSeconds(1)
                .setLatencyTiers(List.of()).setMinUptimePpm(300_000).setAvailabilityWeightPpm(600_000)
                .setWorkWeightPpm(400_000).setReputationPriorAlphaPpm(1_000_000).setReputationPriorBetaPpm(1_000_000)
                .setReputationDecayPpm(500_000).setEmissionPerEpoch("1000000000000000000000")
                .setPublishedAt(Instant.EPOCH).setGovernanceAddress("0x00").setGovernanceSignature(ByteBuffer.allocate(65))
                .build();
    }

}
