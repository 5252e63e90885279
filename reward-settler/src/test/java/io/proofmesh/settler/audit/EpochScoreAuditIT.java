package io.proofmesh.settler.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.telemetry.RejectionStage;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.streams.service.RunningProcessor;
import io.proofmesh.streams.service.ScoringFeed;
import io.proofmesh.streams.service.StreamsService;
import io.proofmesh.streams.service.StreamsSettings;
import io.proofmesh.streams.topology.NodeIdPartitioner;
import io.proofmesh.streams.topology.ScoringInputs;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real scoring processor on the DevStack scores two epochs of four nodes (heartbeats, capacity,
 * probes, job results, verifications, a duplicate, a job answered again in the next epoch, an
 * unknown verdict, a late heartbeat, an ingest rejection, a node with no events); the audit then
 * recomputes every score of the second epoch from the raw topics alone and finds each equal to
 * the recorded one and every partition digest equal to its marker's. A forged score written to
 * scores.epoch afterwards is reported as a MISMATCH naming the node and the field.
 */
@Tag("integration")
@DevStackTest
class EpochScoreAuditIT {

    static final long LENGTH = 6_000;
    static final long GRACE = 1_000;

    @Test
    void recomputedScoresEqualTheProcessorsAndAForgedScoreIsNamed(DevStack stack) throws Exception {
        long now = System.currentTimeMillis();
        // Epoch numbers far from any other test's (tests in one JVM share the broker's topics).
        long genesis = now - now % LENGTH - 800_000 * LENGTH;
        EpochSchedule schedule = new EpochSchedule(genesis, LENGTH, GRACE);
        long firstEpoch = schedule.epochOf(now) + 1;
        Settings settings = RunningProcessor.settings(stack, "audit-it-" + UUID.randomUUID().toString().substring(0, 8),
                "audit-a", Map.of("epoch.genesis", Long.toString(genesis), "epoch.length", LENGTH + "ms",
                        "epoch.grace", GRACE + "ms", StreamsSettings.FIRST_EPOCH, Long.toString(firstEpoch)));
        LatenessRule rule = new LatenessRule(schedule, 500);
        String a = node();
        String b = node();
        String c = node();
        String d = node();

        try (ScoringFeed feed = new ScoringFeed(settings); StreamsService processor = RunningProcessor.start(settings)) {
            ScoringPolicy p = PolicyJson.defaultPolicy();
            feed.publishPolicy(new ScoringPolicy("audit-it-1s", 0, 1, p.latencyTiers(), 300_000,
                    p.availabilityWeightPpm(), p.workWeightPpm(), p.reputationPriorAlphaPpm(), p.reputationPriorBetaPpm(),
                    p.reputationDecayPpm(), p.emissionPerEpoch(), System.currentTimeMillis()));
            for (String n : List.of(a, b, c, d)) {
                feed.send(TopicCatalog.NODES_REGISTRY.name(), n, ScoringInputs.registration(n, NodeStatus.ACTIVE));
            }

            // Epoch e1: b answers job-a and gets it verified; everyone but d sends a heartbeat.
            long e1 = Math.max(firstEpoch, schedule.epochOf(System.currentTimeMillis()) + 1);
            long e2 = e1 + 1;
            sleepUntil(schedule.startOf(e1) + 100);
            long t1 = System.currentTimeMillis();
            for (String n : List.of(a, b, c)) {
                feed.send(TopicCatalog.HEARTBEATS.name(), n, ScoringInputs.heartbeat(n, 1, 0, t1));
            }
            feed.send(TopicCatalog.JOB_RESULTS.name(), b, ScoringInputs.jobResult(b, "job-a", 2, 0, t1, JobStatus.OK, 40));
            feed.send(TopicCatalog.JOB_VERIFICATIONS.name(), b, ScoringInputs.verification(b, "job-a", Verdict.MATCH, t1 + 5));

            // Epoch e2, the audited one.
            sleepUntil(schedule.startOf(e2) + 100);
            long t2 = System.currentTimeMillis();
            feed.send(TopicCatalog.CAPACITY.name(), a, ScoringInputs.capacityReport(a, 10, 0, t2, 2));
            feed.send(TopicCatalog.PROBES.name(), a, ScoringInputs.probe(a, 1, t2, ProbeOutcome.OK, 20_000L));
            feed.send(TopicCatalog.PROBES.name(), a, ScoringInputs.probe(a, 2, t2 + 1, ProbeOutcome.OK, 30_000L));
            feed.send(TopicCatalog.PROBES.name(), a, ScoringInputs.probe(a, 3, t2 + 2, ProbeOutcome.TIMEOUT, null));
            // b: job-a answered again (already counted in e1), job-b OK, job-c expired, verdicts incl. an unknown one.
            feed.send(TopicCatalog.JOB_RESULTS.name(), b, ScoringInputs.jobResult(b, "job-a", 20, 0, t2, JobStatus.OK, 40));
            feed.send(TopicCatalog.JOB_RESULTS.name(), b, ScoringInputs.jobResult(b, "job-b", 21, 0, t2, JobStatus.OK, 70));
            feed.send(TopicCatalog.JOB_RESULTS.name(), b,
                    ScoringInputs.jobResult(b, "job-c", 21, 1, t2, JobStatus.DEADLINE_EXCEEDED, 0));
            feed.send(TopicCatalog.JOB_VERIFICATIONS.name(), b, ScoringInputs.verification(b, "job-b", Verdict.MATCH, t2 + 5));
            feed.send(TopicCatalog.JOB_VERIFICATIONS.name(), b,
                    ScoringInputs.verification(b, "job-c", Verdict.MISMATCH, t2 + 6));
            feed.send(TopicCatalog.JOB_VERIFICATIONS.name(), b,
                    ScoringInputs.verification(b, "job-d", Verdict.UNKNOWN, t2 + 7));
            feed.send(TopicCatalog.REJECTED.name(), c, ingestRejection(c, t2));
            long seq = 100;
            while (System.currentTimeMillis() < schedule.endOf(e2) - 300) {
                long t = System.currentTimeMillis();
                for (String n : List.of(a, b, c)) {
                    feed.send(TopicCatalog.HEARTBEATS.name(), n, ScoringInputs.heartbeat(n, seq, 0, t));
                }
                if (seq == 100) {
                    // the same signed heartbeat stored twice: a duplicate
                    feed.send(TopicCatalog.HEARTBEATS.name(), a, ScoringInputs.heartbeat(a, seq, 0, t));
                }
                seq++;
                sleep(700);
            }
            // Signed inside e2, appended after end + grace: late. No tick has been sent yet, so e2 is still open.
            sleepUntil(rule.deadlineOf(e2) + 50);
            feed.send(TopicCatalog.HEARTBEATS.name(), a, ScoringInputs.heartbeat(a, seq + 1, 0, schedule.endOf(e2) - 1));

            int partitions = TopicCatalog.NODE_GROUP_PARTITIONS;
            EpochScoreAudit audit = new EpochScoreAudit(settings);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                feed.tickAll();
                return audit.audit(e2, "audit-a", AuditProgress.NONE).partitions().size() == partitions;
            });

            AtomicLong lastRead = new AtomicLong();
            AtomicLong lastTotal = new AtomicLong();
            ScoreAuditReport report = audit.audit(e2, "audit-a", (read, total, what) -> {
                lastRead.set(read);
                lastTotal.set(total);
            });
            assertThat(lastTotal.get()).as("progress total").isPositive();
            assertThat(lastRead.get()).as("progress reaches the total").isEqualTo(lastTotal.get());
            assertThat(report.missingPartitions()).isEmpty();
            assertThat(report.partitions()).hasSize(partitions).allSatisfy(pv -> {
                assertThat(pv.recomputedDigest()).as("partition " + pv.partition()).isEqualTo(pv.markerDigest());
                assertThat(pv.countsAgree()).as("counts of partition " + pv.partition()).isTrue();
            });
            assertThat(report.nodes()).extracting(NodeVerdict::nodeId).contains(a, b, c, d);
            assertThat(report.nodes()).allSatisfy(v -> assertThat(v.status()).as(v.toString()).isEqualTo(NodeVerdict.Status.MATCH));
            assertThat(report.clean()).as(report.summary()).isTrue();
            assertThat(report.summary()).startsWith("CLEAN: epoch " + e2);
            // Priors were checked against e1's recorded posteriors, not taken on trust.
            assertThat(verdict(report, b).notes()).noneMatch(n -> n.contains("not checked"));

            // The scenario happened as intended (so the MATCHes above compared something).
            NodeEpochScore sa = recorded(settings, e2, a);
            NodeEpochScore sb = recorded(settings, e2, b);
            assertThat(sa.getDuplicateEvents()).isEqualTo(1);
            assertThat(sa.getLateEvents()).isEqualTo(1);
            assertThat(sa.getLatency().getProbesOk()).isEqualTo(2);
            assertThat(sa.getCapacitySnapshot().getGpuCount()).isEqualTo(2);
            assertThat(sb.getWork().getJobsOk()).isEqualTo(1);
            assertThat(sb.getWork().getJobsExpired()).isEqualTo(1);
            assertThat(sb.getDuplicateEvents()).as("job-a again in e2").isEqualTo(1);
            assertThat(sb.getRejectedEvents()).as("unknown verdict").isEqualTo(1);
            assertThat(sb.getReputation().getPriorAlphaPpm()).as("e1's MATCH carried in")
                    .isGreaterThan(p.reputationPriorAlphaPpm());

            // A forged score for a: one field changed, written where the processor would write it.
            NodeEpochScore forged = NodeEpochScore.newBuilder(sa).setScorePpm(sa.getScorePpm() + 1234).build();
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                    new KafkaClients(settings).producerConfig("forger"), new StringSerializer(),
                    new AvroSerializer<>(new SchemaRegistryClient(stack.registryUrl()), false))) {
                producer.send(new ProducerRecord<>(TopicCatalog.SCORES_EPOCH.name(),
                        NodeIdPartitioner.partitionOf(a, partitions), e2 + "/" + a, forged)).get();
            }
            // c's score deleted (a tombstone on the compacted topic), a score for a node that never existed added.
            String stranger = node();
            NodeEpochScore invented = NodeEpochScore.newBuilder(sa).setNodeId(stranger).build();
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                    new KafkaClients(settings).producerConfig("forger-2"), new StringSerializer(),
                    new AvroSerializer<>(new SchemaRegistryClient(stack.registryUrl()), false))) {
                producer.send(new ProducerRecord<>(TopicCatalog.SCORES_EPOCH.name(),
                        NodeIdPartitioner.partitionOf(c, partitions), e2 + "/" + c, null)).get();
                producer.send(new ProducerRecord<>(TopicCatalog.SCORES_EPOCH.name(),
                        NodeIdPartitioner.partitionOf(stranger, partitions), e2 + "/" + stranger, invented)).get();
            }
            ScoreAuditReport tampered = audit.audit(e2, "audit-a", AuditProgress.NONE);
            System.out.println("[audit-it] " + tampered.summary());
            assertThat(verdict(tampered, c).status()).isEqualTo(NodeVerdict.Status.MISSING);
            assertThat(verdict(tampered, stranger).status()).isEqualTo(NodeVerdict.Status.UNEXPECTED);
            assertThat(verdict(tampered, b).status()).isEqualTo(NodeVerdict.Status.MATCH);
            assertThat(tampered.summary()).contains("MISMATCH " + a, "scorePpm: expected " + sa.getScorePpm(),
                    "MISSING " + c, "deleted by a tombstone", "UNEXPECTED " + stranger);
            assertThat(tampered.clean()).isFalse();
            NodeVerdict va = verdict(tampered, a);
            assertThat(va.status()).isEqualTo(NodeVerdict.Status.MISMATCH);
            assertThat(va.differences()).extracting(FieldDifference::field).contains("scorePpm");
            assertThat(va.differences()).filteredOn(f -> f.field().equals("scorePpm")).singleElement().satisfies(f -> {
                assertThat(f.expected()).isEqualTo(Integer.toString(sa.getScorePpm()));
                assertThat(f.recorded()).isEqualTo(Integer.toString(sa.getScorePpm() + 1234));
            });
            assertThat(va.differences()).extracting(FieldDifference::field)
                    .containsOnly("scorePpm", "detailsDigest");
            assertThat(tampered.withStatus(NodeVerdict.Status.MISMATCH)).extracting(NodeVerdict::nodeId).containsExactly(a);
            PartitionVerdict pa = tampered.partitions().stream().filter(pv -> pv.partition() == va.partition()).findFirst()
                    .orElseThrow();
            assertThat(pa.digestMatches()).as("the recomputation still matches the marker").isTrue();
            assertThat(pa.recordedDigest()).as("the topic no longer does").isNotEqualTo(pa.markerDigest());
        }
    }

    private static NodeVerdict verdict(ScoreAuditReport report, String node) {
        return report.nodes().stream().filter(v -> v.nodeId().equals(node)).findFirst().orElseThrow();
    }

    /** The recorded score, as the audit found it. */
    private static NodeEpochScore recorded(Settings settings, long epoch, String node) {
        NodeEpochScore[] found = new NodeEpochScore[1];
        Map<String, Object> config = new KafkaClients(settings).consumerConfig(null);
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(config,
                             new org.apache.kafka.common.serialization.StringDeserializer(),
                             new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var decoder = io.proofmesh.platform.serde.AvroDeserializer.specific(
                    new SchemaRegistryClient(settings.get("registry.url")), NodeEpochScore.class);
            io.proofmesh.platform.kafka.RecordPolling.readToEnd(consumer, List.of(TopicCatalog.SCORES_EPOCH.name()),
                    Duration.ofSeconds(30), r -> {
                        if ((epoch + "/" + node).equals(r.key())) {
                            found[0] = decoder.deserialize(r.topic(), r.value());
                        }
                    });
        }
        assertThat(found[0]).as("score of " + node + " in epoch " + epoch).isNotNull();
        return found[0];
    }

    private static RejectedEvent ingestRejection(String node, long at) {
        return RejectedEvent.newBuilder()
                .setNodeId(node).setReasonCode("BAD_SIGNATURE").setMessage("signature does not recover to the node")
                .setStage(RejectionStage.INGEST).setSourceAddress("127.0.0.1").setReceivedAt(Instant.ofEpochMilli(at))
                .setContentType("application/json").setRawBytes(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setRawTruncated(false).setRawSize(3).setOriginTopic(null).setOriginPartition(null).setOriginOffset(null)
                .setSeq(77L).setEventIndex(null).setEpoch(null)
                .build();
    }

    private static String node() {
        return "0x" + UUID.randomUUID().toString().replace("-", "") + "00000000";
    }

    private static void sleepUntil(long millis) {
        long wait = millis - System.currentTimeMillis();
        if (wait > 0) {
            sleep(wait);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
