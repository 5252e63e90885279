package io.proofmesh.streams.topology;

import static io.proofmesh.streams.topology.ScoringInputs.capacityReport;
import static io.proofmesh.streams.topology.ScoringInputs.heartbeat;
import static io.proofmesh.streams.topology.ScoringInputs.jobResult;
import static io.proofmesh.streams.topology.ScoringInputs.probe;
import static io.proofmesh.streams.topology.ScoringInputs.registration;
import static io.proofmesh.streams.topology.ScoringInputs.tick;
import static io.proofmesh.streams.topology.ScoringInputs.verification;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.policy.ScoringPolicy;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.telemetry.CapacityReport;
import io.proofmesh.schemas.telemetry.EventKind;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.LateEvent;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.score.ScoreDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scoring rules through the real topology, with expected values worked out by hand below.
 *
 * <p>Deployment: genesis 0, epochs of 10 s, grace 2 s, close margin 1 s. Epoch 0 = [0, 10 000) ms;
 * an event of epoch 0 counts iff appended before 12 000; a tick appended at or after 13 000 closes
 * epoch 0. Policy ({@link TestPolicies}): 1 s slots (10 per epoch), p95 ≤ 50 ms → 1 000 000,
 * ≤ 200 ms → 500 000; min uptime 500 000; weights 600 000 / 400 000; α₀ = β₀ = 1 000 000;
 * decay 500 000.
 */
class ScoringTopologyTest {

    static final String A = "0x00000000000000000000000000000000000000a1";
    static final String B = "0x00000000000000000000000000000000000000b2";

    final BinaryAvroSerdes serdes = new BinaryAvroSerdes();
    TopologyTestDriver driver;
    SimpleMeterRegistry metrics;

    @BeforeEach
    void start() {
        metrics = new SimpleMeterRegistry();
        LatenessRule rule = new LatenessRule(new EpochSchedule(0, 10_000, 2_000), 1_000);
        ScoringTopologyConfig config = new ScoringTopologyConfig(rule, 0, 1, 2, "test-processor", TestPolicies.resolver(),
                serdes, metrics);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(ScoringTopology.buildTopology(config), p);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    <T extends SpecificRecord> TestInputTopic<String, T> in(String topic, Class<T> type) {
        return driver.createInputTopic(topic, Serdes.String().serializer(), serdes.value(type).serializer());
    }

    <T extends SpecificRecord> TestOutputTopic<String, T> out(String topic, Class<T> type) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), serdes.value(type).deserializer());
    }

    void publishPolicy() {
        in(TopicCatalog.SCORING_POLICY.name(), ScoringPolicy.class).pipeInput(TestPolicies.HASH_HEX, TestPolicies.avro(),
                Instant.ofEpochMilli(0));
    }

    void register(String node, NodeStatus status) {
        in(TopicCatalog.NODES_REGISTRY.name(), NodeRegistration.class).pipeInput(node, registration(node, status), 0L);
    }

    void hb(String node, long seq, int idx, long sentAt, long appendAt) {
        in(TopicCatalog.HEARTBEATS.name(), Heartbeat.class).pipeInput(node, heartbeat(node, seq, idx, sentAt), appendAt);
    }

    void tickAt(long appendAt) {
        in(TopicCatalog.CLOCK_TICKS.name(), Tick.class).pipeInput("0", tick(0, appendAt), appendAt);
    }

    Map<String, NodeEpochScore> scores() {
        return out(TopicCatalog.SCORES_EPOCH.name(), NodeEpochScore.class).readKeyValuesToList().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
    }

    double counter(String kind, String outcome) {
        return metrics.get("proofmesh_scoring_events_total").tag("kind", kind).tag("outcome", outcome).counter().count();
    }

    @Test
    void scoresAnEpochWithEveryComponentWorkedOutByHand() {
        publishPolicy();
        register(A, NodeStatus.ACTIVE);
        register(B, NodeStatus.ACTIVE);
        // Heartbeats: sent at 0 and 500 (both slot 0), 1000, 2000, 3000, 4000, 5000 (slots 1..5).
        long seq = 1;
        for (long sentAt : new long[] {0, 500, 1000, 2000, 3000, 4000, 5000}) {
            hb(A, seq++, 0, sentAt, sentAt + 100);
        }
        hb(A, 3, 0, 1000, 5200);                   // same (nodeId, seq, eventIndex) again: DUPLICATE
        hb(A, 20, 0, 9000, 11_999);                 // epoch 0, appended 1 ms before end + grace: counts (slot 9)
        hb(A, 21, 0, 9500, 12_000);                 // appended exactly at end + grace: late
        // Probes: three OK (10, 20, 30 ms) and one timeout.
        TestInputTopic<String, LatencyProbe> probes = in(TopicCatalog.PROBES.name(), LatencyProbe.class);
        probes.pipeInput(A, probe(A, 1, 1000, ProbeOutcome.OK, 10_000L), 1100L);
        probes.pipeInput(A, probe(A, 2, 2000, ProbeOutcome.OK, 20_000L), 2100L);
        probes.pipeInput(A, probe(A, 3, 3000, ProbeOutcome.OK, 30_000L), 3100L);
        probes.pipeInput(A, probe(A, 4, 4000, ProbeOutcome.TIMEOUT, null), 4100L);
        probes.pipeInput(A, probe(A, 4, 4000, ProbeOutcome.TIMEOUT, null), 4150L); // same nonce: DUPLICATE
        // Jobs: three OK (100 + 200 + 300 ms of GPU), one failed; job-1 answered again in a new request.
        TestInputTopic<String, JobResult> results = in(TopicCatalog.JOB_RESULTS.name(), JobResult.class);
        results.pipeInput(A, jobResult(A, "job-1", 30, 0, 6000, JobStatus.OK, 100), 6100L);
        results.pipeInput(A, jobResult(A, "job-2", 30, 1, 6000, JobStatus.OK, 200), 6100L);
        results.pipeInput(A, jobResult(A, "job-3", 31, 0, 6500, JobStatus.OK, 300), 6600L);
        results.pipeInput(A, jobResult(A, "job-4", 31, 1, 6500, JobStatus.FAILED, 5), 6600L);
        results.pipeInput(A, jobResult(A, "job-1", 32, 0, 7000, JobStatus.OK, 100), 7100L); // same job: DUPLICATE
        TestInputTopic<String, JobVerification> verdicts = in(TopicCatalog.JOB_VERIFICATIONS.name(), JobVerification.class);
        verdicts.pipeInput(A, verification(A, "job-1", Verdict.MATCH, 8000), 8000L);
        verdicts.pipeInput(A, verification(A, "job-2", Verdict.MISMATCH, 8100), 8100L);
        verdicts.pipeInput(A, verification(A, "job-3", Verdict.MATCH, 8200), 8200L);
        TestInputTopic<String, CapacityReport> capacity = in(TopicCatalog.CAPACITY.name(), CapacityReport.class);
        capacity.pipeInput(A, capacityReport(A, 40, 0, 2500, 2), 2600L);
        capacity.pipeInput(A, capacityReport(A, 41, 0, 3500, 4), 3600L);

        tickAt(12_999); // closes nothing: 12 999 < 13 000
        assertThat(scores()).isEmpty();
        tickAt(13_000); // closes epoch 0

        Map<String, NodeEpochScore> scores = scores();
        assertThat(scores).containsOnlyKeys("0/" + A, "0/" + B);
        NodeEpochScore a = scores.get("0/" + A);
        // Uptime: slots {0,1,2,3,4,5,9} = 7 of 10; 8 heartbeats counted (the duplicate and the late one not).
        assertThat(a.getUptime().getSlotsCovered()).isEqualTo(7);
        assertThat(a.getUptime().getSlotsTotal()).isEqualTo(10);
        assertThat(a.getUptime().getHeartbeatsCounted()).isEqualTo(8);
        assertThat(a.getUptime().getUptimePpm()).isEqualTo(700_000);
        // Latency: p95 = rank ceil(0.95 × 3) = 3 → 30 000 µs, reported as its bucket's upper bound:
        // 30 000 = 0b111010100110000, msb 14, 5 mantissa bits 11010 → [29 696, 30 207] → 30 207.
        // p50 = rank 2 → 20 000 in [19 968, 20 479] → 20 479. Tier ≤ 50 ms → 1 000 000, × 3 ok / 4 probes.
        assertThat(a.getLatency().getProbesOk()).isEqualTo(3);
        assertThat(a.getLatency().getProbesFailed()).isEqualTo(1);
        assertThat(a.getLatency().getP50Micros()).isEqualTo(20_479L);
        assertThat(a.getLatency().getP95Micros()).isEqualTo(30_207L);
        assertThat(a.getLatency().getP99Micros()).isEqualTo(30_207L);
        assertThat(a.getLatency().getLatencyPpm()).isEqualTo(750_000);
        // Work: 3 ok of 4 → 750 000; gpu 600 ms. Reputation: α = 1e6 + 2 matches = 3e6, β = 1e6 + 1 = 2e6 → 600 000.
        assertThat(a.getWork().getJobsOk()).isEqualTo(3);
        assertThat(a.getWork().getJobsFailed()).isEqualTo(1);
        assertThat(a.getWork().getGpuMs()).isEqualTo(600);
        assertThat(a.getWork().getWorkPpm()).isEqualTo(750_000);
        assertThat(a.getReputation().getPriorAlphaPpm()).isEqualTo(1_000_000);
        assertThat(a.getReputation().getAlphaPpm()).isEqualTo(3_000_000);
        assertThat(a.getReputation().getBetaPpm()).isEqualTo(2_000_000);
        assertThat(a.getReputation().getReputationPpm()).isEqualTo(600_000);
        // availability = 700 000 × 750 000 / 1e6 = 525 000; work score = 750 000 × 600 000 / 1e6 = 450 000;
        // score = (600 000 × 525 000 + 400 000 × 450 000) / 1e6 = 315 000 + 180 000 = 495 000.
        assertThat(a.getAvailabilityScorePpm()).isEqualTo(525_000);
        assertThat(a.getWorkScorePpm()).isEqualTo(450_000);
        assertThat(a.getScorePpm()).isEqualTo(495_000);
        assertThat(a.getEligible()).isTrue();
        assertThat(a.getCapacitySnapshot().getGpuCount()).isEqualTo(4); // the later of the two reports
        assertThat(a.getDuplicateEvents()).isEqualTo(3);
        assertThat(a.getLateEvents()).isEqualTo(1);
        assertThat(a.getPolicyHash().bytes()).isEqualTo(TestPolicies.HASH);
        // B registered but silent: a zero score, not eligible.
        NodeEpochScore b = scores.get("0/" + B);
        assertThat(b.getUptime().getSlotsCovered()).isZero();
        assertThat(b.getScorePpm()).isZero();
        assertThat(b.getEligible()).isFalse();

        List<TestRecord<String, EpochClosed>> closed = out(TopicCatalog.EPOCHS_CLOSED.name(), EpochClosed.class)
                .readRecordsToList();
        assertThat(closed).hasSize(1);
        EpochClosed marker = closed.get(0).value();
        assertThat(closed.get(0).key()).isEqualTo("0/0");
        assertThat(marker.getScoreCount()).isEqualTo(2);
        assertThat(marker.getTickAppendTime().toEpochMilli()).isEqualTo(13_000);
        assertThat(marker.getScoresDigest().bytes()).isEqualTo(ScoreDigest.partition(0, 0, List.of(a, b)));
        assertThat(marker.getEndOffsets()).anySatisfy(o -> {
            assertThat(o.getTopic()).isEqualTo(TopicCatalog.HEARTBEATS.name());
            assertThat(o.getOffset()).isEqualTo(10); // 10 heartbeat records, offsets 0..9
        });
        assertThat(counter("heartbeat", "counted")).isEqualTo(8);
        assertThat(counter("heartbeat", "late")).isEqualTo(1);
        assertThat(counter("heartbeat", "duplicate")).isEqualTo(1);
    }

    @Test
    void duplicatesGoToRejectedAndLateEventsToLateWithTheirDeadline() {
        publishPolicy();
        register(A, NodeStatus.ACTIVE);
        hb(A, 1, 0, 1000, 1100);
        hb(A, 1, 0, 1000, 1200);
        hb(A, 2, 0, 9999, 12_000);
        List<RejectedEvent> rejected = out(TopicCatalog.REJECTED.name(), RejectedEvent.class).readValuesToList();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.getReasonCode()).isEqualTo("DUPLICATE");
            assertThat(r.getNodeId()).isEqualTo(A);
            assertThat(r.getSeq()).isEqualTo(1L);
            assertThat(r.getOriginTopic()).isEqualTo(TopicCatalog.HEARTBEATS.name());
            assertThat(r.getOriginOffset()).isEqualTo(1L);
        });
        List<LateEvent> late = out(TopicCatalog.LATE.name(), LateEvent.class).readValuesToList();
        assertThat(late).singleElement().satisfies(l -> {
            assertThat(l.getKind()).isEqualTo(EventKind.HEARTBEAT);
            assertThat(l.getEpoch()).isZero();
            assertThat(l.getDeadline().toEpochMilli()).isEqualTo(12_000);
            assertThat(l.getAppendTime().toEpochMilli()).isEqualTo(12_000);
            assertThat(l.getOriginOffset()).isEqualTo(2L);
        });
    }

    @Test
    void epochsCloseOnlyOnTicksAndEachOnceInOrder() {
        publishPolicy();
        register(A, NodeStatus.ACTIVE);
        hb(A, 1, 0, 500, 600);
        hb(A, 2, 0, 45_000, 45_100); // epoch 4 traffic moves no epoch to closed: only ticks close
        assertThat(out(TopicCatalog.EPOCHS_CLOSED.name(), EpochClosed.class).readRecordsToList()).isEmpty();
        tickAt(33_000); // closes epochs 0, 1 and 2 (2's close time is 30 000 + 2 000 + 1 000)
        tickAt(33_500); // nothing new
        List<String> keys = out(TopicCatalog.EPOCHS_CLOSED.name(), EpochClosed.class).readKeyValuesToList().stream()
                .map(kv -> kv.key).toList();
        assertThat(keys).containsExactly("0/0", "1/0", "2/0");
        assertThat(scores()).containsOnlyKeys("0/" + A, "1/" + A, "2/" + A);
    }

    @Test
    void withoutAPolicyNoEpochClosesUntilOneIsPublished() {
        register(A, NodeStatus.ACTIVE);
        hb(A, 1, 0, 500, 600);
        tickAt(13_000);
        assertThat(out(TopicCatalog.EPOCHS_CLOSED.name(), EpochClosed.class).readRecordsToList()).isEmpty();
        assertThat(metrics.get("proofmesh_scoring_policy_missing_total").counter().count()).isEqualTo(1);
        publishPolicy();
        tickAt(13_100);
        assertThat(out(TopicCatalog.EPOCHS_CLOSED.name(), EpochClosed.class).readKeyValuesToList())
                .extracting(kv -> kv.key).containsExactly("0/0");
        assertThat(scores().get("0/" + A).getUptime().getSlotsCovered()).isEqualTo(1);
    }

    @Test
    void reputationAndCapacityCarryIntoTheNextEpoch() {
        publishPolicy();
        register(A, NodeStatus.ACTIVE);
        in(TopicCatalog.CAPACITY.name(), CapacityReport.class).pipeInput(A, capacityReport(A, 1, 0, 100, 3), 200L);
        TestInputTopic<String, JobVerification> verdicts = in(TopicCatalog.JOB_VERIFICATIONS.name(), JobVerification.class);
        verdicts.pipeInput(A, verification(A, "j1", Verdict.MATCH, 1000), 1000L);
        verdicts.pipeInput(A, verification(A, "j2", Verdict.MATCH, 1100), 1100L);
        verdicts.pipeInput(A, verification(A, "j3", Verdict.MISMATCH, 1200), 1200L);
        tickAt(13_000);
        tickAt(23_000);
        Map<String, NodeEpochScore> scores = scores();
        // Epoch 0: α = 1e6 + 2e6 = 3e6, β = 1e6 + 1e6 = 2e6.
        assertThat(scores.get("0/" + A).getReputation().getAlphaPpm()).isEqualTo(3_000_000);
        // Epoch 1, no evidence: α = 1e6 + (3e6 − 1e6) × 0.5 = 2e6; β = 1e6 + (2e6 − 1e6) × 0.5 = 1.5e6;
        // reputation = floor(2e6 × 1e6 / 3.5e6) = 571 428.
        NodeEpochScore e1 = scores.get("1/" + A);
        assertThat(e1.getReputation().getPriorAlphaPpm()).isEqualTo(3_000_000);
        assertThat(e1.getReputation().getPriorBetaPpm()).isEqualTo(2_000_000);
        assertThat(e1.getReputation().getAlphaPpm()).isEqualTo(2_000_000);
        assertThat(e1.getReputation().getBetaPpm()).isEqualTo(1_500_000);
        assertThat(e1.getReputation().getReputationPpm()).isEqualTo(571_428);
        assertThat(e1.getCapacitySnapshot().getGpuCount()).isEqualTo(3); // declared in epoch 0, carried
    }

    @Test
    void aSuspendedNodeIsScoredButNotEligible() {
        publishPolicy();
        register(A, NodeStatus.ACTIVE);
        for (int i = 0; i < 10; i++) {
            hb(A, i + 1, 0, i * 1000L, i * 1000L + 10);
        }
        register(A, NodeStatus.SUSPENDED);
        tickAt(13_000);
        NodeEpochScore a = scores().get("0/" + A);
        assertThat(a.getUptime().getUptimePpm()).isEqualTo(1_000_000);
        assertThat(a.getEligible()).isFalse();
        assertThat(a.getScorePpm()).isZero();
    }
}
