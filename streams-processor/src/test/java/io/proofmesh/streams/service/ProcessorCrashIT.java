package io.proofmesh.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.testing.ChildJvm;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.scoring.score.ScoreDigest;
import io.proofmesh.streams.topology.ScoringInputs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once across a crash, on the DevStack's real broker: of two processor instances in their
 * own JVMs, one is SIGKILLed in the middle of an open epoch while records flow (the other takes its
 * tasks over) and restarted (same application id, same state dir); the run's scores and epoch
 * markers must equal, component by component, those of an
 * uninterrupted processor (another application id) that reads the same topics afterwards, with
 * exactly one committed score per (epoch, node) and one marker per (epoch, partition) per run.
 */
@Tag("integration")
@DevStackTest
class ProcessorCrashIT {

    static final long LENGTH = 6_000;
    static final long GRACE = 1_000;
    static final long MARGIN = 500; // RunningProcessor's scoring.close-margin
    static final int PARTITIONS = TopicCatalog.NODE_GROUP_PARTITIONS;
    static final Duration AWAIT = Duration.ofSeconds(90);

    @Test
    void oneOfTwoProcessorsKilledMidEpochAndRestartedScoresExactlyAsAnUninterruptedOne(DevStack stack) throws Exception {
        long started = System.currentTimeMillis();
        // Epoch numbers far from other tests' (they share the broker's topics).
        long genesis = started - started % LENGTH - 900_000 * LENGTH;
        EpochSchedule schedule = new EpochSchedule(genesis, LENGTH, GRACE);
        LatenessRule rule = new LatenessRule(schedule, MARGIN);
        long first = schedule.epochOf(started) + 2;
        Map<String, String> epochs = Map.of("epoch.genesis", Long.toString(genesis), "epoch.length", LENGTH + "ms",
                "epoch.grace", GRACE + "ms", StreamsSettings.FIRST_EPOCH, Long.toString(first));
        String run = UUID.randomUUID().toString().substring(0, 8);
        // Run A commits every 3 s, so the kill lands inside an open transaction that holds
        // processed records and their state changes (at-least-once would count those twice).
        Map<String, String> slowCommits = new HashMap<>(epochs);
        slowCommits.put(StreamsSettings.COMMIT_INTERVAL, "3s");
        Settings a1 = RunningProcessor.settings(stack, "crash-it-a-" + run, "crash-a1", slowCommits);
        // The restart: same application id and state dir, a new instance id so its markers tell.
        Settings a2 = a1.with(Map.of(StreamsSettings.INSTANCE_ID, "crash-a2"));
        // A second instance of run A that survives: it shares the partitions, takes the killed
        // one's tasks over (fencing its open transactions) and hands some back after the restart.
        Settings survivor = RunningProcessor.settings(stack, "crash-it-a-" + run, "crash-s", slowCommits);
        Set<String> runAIds = Set.of("crash-a1", "crash-a2", "crash-s");
        Settings b = RunningProcessor.settings(stack, "crash-it-b-" + run, "crash-b", epochs);
        Path logs = Path.of("target", "processor-crash-it");
        List<String> nodes = IntStream.range(0, 6).mapToObj(i -> EpochCloseIT.randomNode()).toList();

        long crashEpoch;
        long last;
        LiveInputs inputs;
        ChildJvm child = null;
        ChildJvm other = null;
        try (ScoringFeed feed = new ScoringFeed(a1)) {
            ScoringPolicy p = PolicyJson.defaultPolicy();
            feed.publishPolicy(new ScoringPolicy("it-1s-slots", 0, 1, p.latencyTiers(), p.minUptimePpm(),
                    p.availabilityWeightPpm(), p.workWeightPpm(), p.reputationPriorAlphaPpm(), p.reputationPriorBetaPpm(),
                    p.reputationDecayPpm(), p.emissionPerEpoch(), System.currentTimeMillis()));
            nodes.forEach(n -> feed.send(TopicCatalog.NODES_REGISTRY.name(), n, ScoringInputs.registration(n, NodeStatus.ACTIVE)));
            inputs = new LiveInputs(feed, nodes, schedule);
            inputs.start();
            try {
                child = startProcessor(a1, logs.resolve("a1-" + run + ".log"));
                other = startProcessor(survivor, logs.resolve("s-" + run + ".log"));
                awaitMarkers(a1, first, Set.of("crash-a1", "crash-s"));

                // Mid-epoch, 2-4 s in: the previous epoch is past its close time, this one open.
                long now = System.currentTimeMillis();
                long into = (now - genesis) % LENGTH;
                if (into < 2_000) {
                    EpochCloseIT.sleep(2_000 - into);
                } else if (into > 4_000) {
                    EpochCloseIT.sleep(LENGTH - into + 2_000);
                }
                inputs.awaitNextRound();
                EpochCloseIT.sleep(100); // the round's records are being processed, not yet committed
                crashEpoch = schedule.epochOf(System.currentTimeMillis());
                last = crashEpoch + 1;
                long sentInCrashEpoch = inputs.sentIn(crashEpoch);
                int exitCode = child.kill9();
                long killedAt = System.currentTimeMillis();
                assertThat(inputs.failure()).as("feed failure").isNull();
                assertThat(sentInCrashEpoch).as("records of the open epoch sent before the kill").isPositive();
                assertThat(schedule.epochOf(killedAt)).as("killed inside the epoch").isEqualTo(crashEpoch);
                System.out.printf("[crash-it] first=%d killed pid in epoch %d at +%d ms (exit %d); last watched %d%n",
                        first, crashEpoch, killedAt - schedule.startOf(crashEpoch), exitCode, last);

                // Input keeps flowing across the crash and ticks past the last watched epoch's close.
                inputs.stopAt(rule.closeTimeOf(last) + 1_000);
                child = startProcessor(a2, logs.resolve("a2-" + run + ".log"));
                inputs.join(AWAIT.toMillis());
                assertThat(inputs.failure()).as("feed failure").isNull();
                awaitMarkers(a2, last, runAIds);
                child.stop();
                other.stop();
            } finally {
                inputs.abort();
                if (child != null) {
                    child.close();
                }
                if (other != null) {
                    other.close();
                }
            }
        }

        // The uninterrupted run reads the same, now complete, topics from the beginning.
        try (StreamsService uninterrupted = RunningProcessor.start(b)) {
            awaitMarkers(b, last, Set.of("crash-b"));
            assertThat(uninterrupted.streams().state()).as("the uninterrupted run").isEqualTo(KafkaStreams.State.RUNNING);
        }
        System.out.printf("[crash-it] both runs closed epochs %d..%d after %d ms%n", first, last,
                System.currentTimeMillis() - started);

        List<Long> watched = LongStream.rangeClosed(first, last).boxed().toList();
        List<EpochClosed> markers = new ArrayList<>();
        EpochCloseIT.read(b, TopicCatalog.EPOCHS_CLOSED.name(), EpochClosed.class, r -> {
            EpochClosed m = (EpochClosed) r.value();
            if (m.getEpoch() >= first && m.getEpoch() <= last) {
                markers.add(m);
            }
        });
        Map<String, List<NodeEpochScore>> scores = new HashMap<>();
        EpochCloseIT.read(b, TopicCatalog.SCORES_EPOCH.name(), NodeEpochScore.class, r -> {
            NodeEpochScore s = (NodeEpochScore) r.value();
            if (nodes.contains(s.getNodeId())) {
                scores.computeIfAbsent(s.getEpoch() + "/" + s.getNodeId(), k -> new ArrayList<>()).add(s);
            }
        });

        // Markers: exactly one per (epoch, partition) per run — the killed instance's uncommitted
        // work left nothing behind — and both runs closed each partition with the same scores.
        Map<String, EpochClosed> runA = byEpochAndPartition(markers, runAIds);
        Map<String, EpochClosed> runB = byEpochAndPartition(markers, Set.of("crash-b"));
        assertThat(runA).hasSize(watched.size() * PARTITIONS);
        assertThat(runB).hasSize(watched.size() * PARTITIONS);
        assertThat(markers).hasSize(2 * watched.size() * PARTITIONS);
        long lastBeforeCrash = crashEpoch - 1;
        assertThat(markers).filteredOn(m -> m.getEpoch() == first && !m.getProcessorId().equals("crash-b"))
                .as("the first epoch, closed before the kill").extracting(m -> m.getProcessorId().toString())
                .contains("crash-a1").doesNotContain("crash-a2");
        assertThat(markers).filteredOn(m -> m.getEpoch() >= crashEpoch && !m.getProcessorId().equals("crash-b"))
                .as("epochs open at the kill, closed by the survivor or the restarted instance")
                .extracting(m -> m.getProcessorId().toString())
                .contains("crash-s").doesNotContain("crash-a1");
        runA.forEach((key, a) -> {
            EpochClosed u = runB.get(key);
            assertThat(a.getScoreCount()).as("score count of " + key).isEqualTo(u.getScoreCount());
            assertThat(a.getScoresDigest()).as("scores digest of " + key).isEqualTo(u.getScoresDigest());
        });

        // Scores: exactly one per run for each of our nodes in each watched epoch, equal in every
        // component (computedAt aside), and none before the first scored epoch.
        assertThat(scores.keySet()).as("scored (epoch/node)s").containsExactlyInAnyOrderElementsOf(
                watched.stream().flatMap(e -> nodes.stream().map(n -> e + "/" + n)).toList());
        int late = 0;
        int duplicates = 0;
        for (Map.Entry<String, List<NodeEpochScore>> e : scores.entrySet()) {
            List<NodeEpochScore> two = e.getValue();
            assertThat(two).as("committed scores of " + e.getKey() + " (one per run)").hasSize(2);
            assertThat(withoutComputedAt(two.get(0))).as("score of " + e.getKey()).isEqualTo(withoutComputedAt(two.get(1)));
            assertThat(HexFormat.of().formatHex(ScoreDigest.details(two.get(0)))).as("details digest of " + e.getKey())
                    .isEqualTo(HexFormat.of().formatHex(ScoreDigest.details(two.get(1))));
            late += two.get(0).getLateEvents();
            duplicates += two.get(0).getDuplicateEvents();
        }
        // Not a comparison of empties: the crash epoch's scores carry every kind of input.
        for (String n : nodes) {
            NodeEpochScore s = scores.get(crashEpoch + "/" + n).get(0);
            assertThat(s.getUptime().getHeartbeatsCounted()).as("heartbeats of " + n + " in the crash epoch").isPositive();
            assertThat(s.getLatency().getProbesOk() + s.getLatency().getProbesFailed()).as("probes of " + n).isPositive();
            assertThat(s.getWork().getJobsOk() + s.getWork().getJobsFailed()).as("jobs of " + n).isPositive();
        }
        assertThat(late).as("late events scored").isPositive();
        assertThat(duplicates).as("duplicates scored").isPositive();
        System.out.printf("[crash-it] %d scores compared (epochs %d..%d, crash in %d, last closed before it %d), "
                + "%d late, %d duplicates; %d ms%n", scores.size(), first, last, crashEpoch, lastBeforeCrash, late,
                duplicates, System.currentTimeMillis() - started);
    }

    private static ChildJvm startProcessor(Settings settings, Path log) throws Exception {
        return ChildJvm.builder(ProcessorMain.class).name("processor").settings(settings).log(log).start(AWAIT);
    }

    private static void awaitMarkers(Settings settings, long epoch, Set<String> processorIds) {
        await().atMost(AWAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<Integer> partitions = new java.util.HashSet<>();
            EpochCloseIT.read(settings, TopicCatalog.EPOCHS_CLOSED.name(), EpochClosed.class, r -> {
                EpochClosed m = (EpochClosed) r.value();
                if (m.getEpoch() == epoch && processorIds.contains(m.getProcessorId().toString())) {
                    partitions.add(m.getPartition());
                }
            });
            assertThat(partitions).as("partitions that closed epoch " + epoch + " by " + processorIds).hasSize(PARTITIONS);
        });
    }

    /** The run's markers by "epoch/partition"; fails on a second marker for one. */
    private static Map<String, EpochClosed> byEpochAndPartition(List<EpochClosed> markers, Set<String> processorIds) {
        Map<String, EpochClosed> m = new HashMap<>();
        for (EpochClosed c : markers) {
            if (processorIds.contains(c.getProcessorId().toString())) {
                String key = c.getEpoch() + "/" + c.getPartition();
                assertThat(m.put(key, c)).as("second marker of " + key + " by " + processorIds).isNull();
            }
        }
        return m;
    }

    private static NodeEpochScore withoutComputedAt(NodeEpochScore s) {
        return NodeEpochScore.newBuilder(s).setComputedAt(Instant.EPOCH).build();
    }

    /**
     * What ingest, the prober and the verifier would write while nodes run, live (sentAt = now):
     * per node a heartbeat every ~300 ms (now and then sent twice), probes (some failing), job
     * results with verifications, capacity reports, and late heartbeats of a past epoch; ticks to
     * every partition after each round.
     */
    static final class LiveInputs {
        private final ScoringFeed feed;
        private final List<String> nodes;
        private final EpochSchedule schedule;
        private final Thread thread;
        private final Map<Long, Long> sentByEpoch = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();
        private volatile long stopAt = Long.MAX_VALUE;
        private volatile boolean aborted;
        private volatile Throwable failure;

        LiveInputs(ScoringFeed feed, List<String> nodes, EpochSchedule schedule) {
            this.feed = feed;
            this.nodes = nodes;
            this.schedule = schedule;
            this.thread = new Thread(this::run, "live-inputs");
        }

        void start() {
            thread.start();
        }

        void stopAt(long timeMillis) {
            stopAt = timeMillis;
        }

        void join(long timeoutMillis) throws InterruptedException {
            thread.join(timeoutMillis);
            assertThat(thread.isAlive()).as("inputs still being written").isFalse();
        }

        void abort() {
            aborted = true;
        }

        Throwable failure() {
            return failure;
        }

        /** Returns once the round under way (or the next) has been written, ticks included. */
        void awaitNextRound() {
            long now = rounds.get();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> rounds.get() > now);
        }

        long sentIn(long epoch) {
            return sentByEpoch.getOrDefault(epoch, 0L);
        }

        private void run() {
            try {
                long[] seq = new long[nodes.size()];
                int nonce = 0;
                for (long round = 0; !aborted && System.currentTimeMillis() < stopAt; round++) {
                    long t = System.currentTimeMillis();
                    for (int i = 0; i < nodes.size(); i++) {
                        String n = nodes.get(i);
                        seq[i]++;
                        send(TopicCatalog.HEARTBEATS.name(), n, t, ScoringInputs.heartbeat(n, seq[i], 0, t));
                        if ((round + i) % 10 == 0) { // an agent retry: the same event again
                            send(TopicCatalog.HEARTBEATS.name(), n, t, ScoringInputs.heartbeat(n, seq[i], 0, t));
                        }
                        if ((round + i) % 4 == 0) {
                            nonce++;
                            boolean ok = nonce % 4 != 0;
                            send(TopicCatalog.PROBES.name(), n, t, ScoringInputs.probe(n, nonce, t,
                                    ok ? ProbeOutcome.OK : ProbeOutcome.TIMEOUT, ok ? 2_000L + (nonce * 7_919L) % 80_000 : null));
                        }
                        if ((round + i) % 6 == 0) {
                            seq[i]++;
                            String job = n.substring(2, 10) + "-" + seq[i];
                            boolean failed = seq[i] % 5 == 0;
                            send(TopicCatalog.JOB_RESULTS.name(), n, t, ScoringInputs.jobResult(n, job, seq[i], 0, t,
                                    failed ? JobStatus.FAILED : JobStatus.OK, 100 + (seq[i] % 50) * 10));
                            if (!failed) {
                                send(TopicCatalog.JOB_VERIFICATIONS.name(), n, t, ScoringInputs.verification(n, job,
                                        seq[i] % 7 == 0 ? Verdict.MISMATCH : Verdict.MATCH, t));
                            }
                        }
                        if ((round + i) % 15 == 0) {
                            seq[i]++;
                            send(TopicCatalog.CAPACITY.name(), n, t, ScoringInputs.capacityReport(n, seq[i], 0, t, 1 + i % 2));
                        }
                        if ((round + i) % 8 == 0) { // signed in an epoch whose grace has passed: late
                            seq[i]++;
                            long old = t - schedule.lengthMillis() - schedule.graceMillis() - 200;
                            send(TopicCatalog.HEARTBEATS.name(), n, old, ScoringInputs.heartbeat(n, seq[i], 0, old));
                        }
                    }
                    feed.tickAll();
                    rounds.incrementAndGet();
                    EpochCloseIT.sleep(Math.max(0, 300 - (System.currentTimeMillis() - t)));
                }
                feed.tickAll();
            } catch (Throwable e) {
                failure = e;
            }
        }

        private void send(String topic, String key, long sentAt, org.apache.avro.specific.SpecificRecord value) {
            feed.send(topic, key, value);
            sentByEpoch.merge(schedule.epochOf(sentAt), 1L, Long::sum);
        }
    }
}
