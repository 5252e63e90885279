package io.proofmesh.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.LateEvent;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.streams.topology.ScoringInputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Epoch closing on the DevStack's real broker, with broker append times: idle partitions close
 * through ticks alone, without ticks nothing closes, and the processor's counted set equals the
 * lateness rule applied to the records read back from the topics (the audit's view), including
 * heartbeats appended just before end + grace while ticks keep running on their own topic.
 */
@Tag("integration")
@DevStackTest
class EpochCloseIT {

    static final long LENGTH = 6_000;
    static final long GRACE = 1_000;
    static final long MARGIN = 500;

    @Test
    void idlePartitionsCloseOnTicksAloneAndTheCountedSetIsTheRuleAppliedToTheTopics(DevStack stack) throws Exception {
        // Epoch numbers far from other tests' (they share the broker's topics).
        long now = System.currentTimeMillis();
        long genesis = now - now % LENGTH - 700_000 * LENGTH;
 
        long firstEpoch = (now - genesis) / LENGTH + 1; // the next epoch: the one this test watches whole
        String app = "epoch-close-it-" + UUID.randomUUID().toString().substring(0, 8);
        Settings settings = RunningProcessor.settings(stack, app, "close-a", Map.of(
                "epoch.genesis", Long.toString(genesis), "epoch.length", LENGTH + "ms", "epoch.grace", GRACE + "ms",
                StreamsSettings.FIRST_EPOCH, Long.toString(firstEpoch)));
        LatenessRule rule = new LatenessRule(new EpochSchedule(genesis, LENGTH, GRACE), MARGIN);
        EpochSchedule schedule = rule.schedule();
        List<String> nodes = List.of(randomNode(), randomNode(), randomNode());
        AtomicBoolean ticking = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);

        try (ScoringFeed feed = new ScoringFeed(settings); StreamsService processor = RunningProcessor.start(settings)) {
            ScoringPolicy p = PolicyJson.defaultPolicy();
            feed.publishPolicy(new ScoringPolicy("it-1s-slots", 0, 1, p.latencyTiers(), p.minUptimePpm(),
                    p.availabilityWeightPpm(), p.workWeightPpm(), p.reputationPriorAlphaPpm(), p.reputationPriorBetaPpm(),
                    p.reputationDecayPpm(), p.emissionPerEpoch(), System.currentTimeMillis()));
            nodes.forEach(n -> feed.send(TopicCatalog.NODES_REGISTRY.name(), n, ScoringInputs.registration(n, NodeStatus.ACTIVE)));

            // Target epoch: the next one to start, so the test sees it whole.
            long target = Math.max(firstEpoch, schedule.epochOf(System.currentTimeMillis()) + 1);
            long deadline = rule.deadlineOf(target);
            Thread sender = new Thread(() -> {
                long seq = 1;
                while (running.get()) {
                    long t = System.currentTimeMillis();
                    // After the epoch ends, keep sending heartbeats signed inside it (sentAt = last ms):
                    // some are appended just before end + grace, the rest after it.
                    long sentAt = t >= schedule.endOf(target) ? schedule.endOf(target) - 1 : t;
                    for (String n : nodes) {
                        feed.send(TopicCatalog.HEARTBEATS.name(), n, ScoringInputs.heartbeat(n, seq, 0, sentAt));
                    }
                    seq++;
                    if (ticking.get()) {
                        feed.tickAll();
                    }
                    sleep(150);
                    if (t > deadline + 1_500) {
                        break;
                    }
                }
            }, "feed");
            sender.start();
            sender.join(); // until well past the target's close time, with NO ticks

            // Control: without ticks, nothing closes — not even with data appended past the close time.
            sleep(3_000);
            assertThat(markers(settings, target, "close-a")).as("markers without ticks").isEmpty();

            // Ticks on: every partition closes the target, including the (at least 9) idle ones.
            ticking.set(true);
            feed.tickAll();
            int partitions = TopicCatalog.NODE_GROUP_PARTITIONS;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                feed.tickAll();
                assertThat(markers(settings, target, "close-a")).hasSize(partitions);
            });
            List<EpochClosed> closed = markers(settings, target, "close-a");
            assertThat(closed).extracting(EpochClosed::getPartition).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(0, partitions).boxed().toList());
            assertThat(closed).allSatisfy(m -> {
                assertThat(m.getPartitionCount()).isEqualTo(partitions);
                assertThat(m.getTickAppendTime().toEpochMilli()).isGreaterThanOrEqualTo(rule.closeTimeOf(target));
            });

            // The audit's view: the rule applied to the heartbeats as stored.
            Map<String, Set<Long>> counted = new HashMap<>();
            Map<String, Integer> late = new HashMap<>();
            List<Long> countedAppendTimes = new ArrayList<>();
            read(settings, TopicCatalog.HEARTBEATS.name(), Heartbeat.class, r -> {
                Heartbeat h = (Heartbeat) r.value();
                if (!nodes.contains(h.getNodeId()) || schedule.epochOf(h.getSentAt().toEpochMilli()) != target) {
                    return;
                }
                if (rule.counts(target, r.timestamp())) {
                    counted.computeIfAbsent(h.getNodeId(), k -> new HashSet<>()).add(h.getSeq());
                    countedAppendTimes.add(r.timestamp());
                } else {
                    late.merge(h.getNodeId(), 1, Integer::sum);
                }
            });
            assertThat(countedAppendTimes).as("an event appended within 1 s before end + grace")
                    .anySatisfy(t -> assertThat(t).isBetween(deadline - 1_000, deadline - 1));
            assertThat(late.values().stream().mapToInt(Integer::intValue).sum()).as("late events exist").isPositive();

            Map<String, NodeEpochScore> scores = new HashMap<>();
            read(settings, TopicCatalog.SCORES_EPOCH.name(), NodeEpochScore.class, r -> {
                NodeEpochScore s = (NodeEpochScore) r.value();
                if (s.getEpoch() == target && nodes.contains(s.getNodeId())) {
                    assertThat(scores.put(s.getNodeId(), s)).as("one score per node and epoch").isNull();
                }
            });
            Map<String, Integer> lateRecords = new HashMap<>();
            read(settings, TopicCatalog.LATE.name(), LateEvent.class, r -> {
                LateEvent l = (LateEvent) r.value();
                if (l.getEpoch() == target && nodes.contains(l.getNodeId())) {
                    lateRecords.merge(l.getNodeId(), 1, Integer::sum);
                }
            });
            for (String n : nodes) {
                assertThat(scores.get(n).getUptime().getHeartbeatsCounted()).as("counted heartbeats of " + n)
                        .isEqualTo(counted.get(n).size());
                assertThat(lateRecords.getOrDefault(n, 0)).as("late heartbeats of " + n).isEqualTo(late.getOrDefault(n, 0));
            }

            // An undecodable input is kept in telemetry.rejected (UNDECODABLE, raw bytes, origin) and
            // scoring goes on.
            byte[] garbage = "not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long offset;
            Map<String, Object> raw = new KafkaClients(settings).producerConfig("garbage");
            try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> p2 = new org.apache.kafka.clients.producer.KafkaProducer<>(
                    raw, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                offset = p2.send(new org.apache.kafka.clients.producer.ProducerRecord<>(TopicCatalog.HEARTBEATS.name(),
                        nodes.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8), garbage)).get().offset();
            }
            feed.tickAll();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                List<io.proofmesh.schemas.telemetry.RejectedEvent> found = new ArrayList<>();
                read(settings, TopicCatalog.REJECTED.name(), io.proofmesh.schemas.telemetry.RejectedEvent.class, r -> {
                    io.proofmesh.schemas.telemetry.RejectedEvent e = (io.proofmesh.schemas.telemetry.RejectedEvent) r.value();
                    if ("UNDECODABLE".equals(e.getReasonCode()) && nodes.get(0).equals(e.getNodeId())) {
                        found.add(e);
                    }
                });
                assertThat(found).singleElement().satisfies(e -> {
                    assertThat(e.getOriginTopic()).isEqualTo(TopicCatalog.HEARTBEATS.name());
                    assertThat(e.getOriginOffset()).isEqualTo(offset);
                    assertThat(e.getRawBytes().array()).isEqualTo(garbage);
                });
            });
            assertThat(processor.streams().state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
        } finally {
            running.set(false);
        }
    }

    static List<EpochClosed> markers(Settings settings, long epoch, String processorId) {
        Map<Integer, EpochClosed> byPartition = new HashMap<>();
        read(settings, TopicCatalog.EPOCHS_CLOSED.name(), EpochClosed.class, r -> {
            EpochClosed m = (EpochClosed) r.value();
            if (m.getEpoch() == epoch && m.getProcessorId().equals(processorId)) {
                byPartition.put(m.getPartition(), m);
            }
        });
        return new ArrayList<>(byPartition.values());
    }

    static <T extends SpecificRecord> void read(Settings settings, String topic, Class<T> type,
                                                java.util.function.Consumer<ConsumerRecord<String, Object>> each) {
        Map<String, Object> config = new KafkaClients(settings).consumerConfig(null);
        config.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, Object> c = new KafkaConsumer<>(config, new StringDeserializer(),
                castDeserializer(AvroDeserializer.specific(new SchemaRegistryClient(settings.get("registry.url")), type)))) {
            RecordPolling.readToEnd(c, List.of(topic), Duration.ofSeconds(30), each);
        }
    }

    @SuppressWarnings("unchecked")
    private static org.apache.kafka.common.serialization.Deserializer<Object> castDeserializer(
            org.apache.kafka.common.serialization.Deserializer<?> d) {
        return (org.apache.kafka.common.serialization.Deserializer<Object>) d;
    }

    static String randomNode() {
        return "0x" + UUID.randomUUID().toString().replace("-", "") + "00000000";
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
