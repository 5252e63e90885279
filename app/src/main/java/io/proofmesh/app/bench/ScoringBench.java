package io.proofmesh.app.bench;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.EpochSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.streams.service.StreamsService;
import io.proofmesh.streams.service.StreamsSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * The scoring benchmark on a running stack (topics and a scoring policy in place): pre-load
 * heartbeats, time the scoring processor through them, check what it counted, measure heartbeat →
 * queryable latency against it under a steady rate, then — same records, same broker — the
 * stateless exactly-once copy loop (the ceiling) and Kafka's ConsumerPerformance.
 */
public final class ScoringBench {

    /** What to run. */
    public record Plan(long records, int nodes, int rate, int latencySeconds, int sampleEvery) {
    }

    /** Every figure of one run. */
    public record Report(HeartbeatPreload.Result preload, ScoringRun.Result scoring, int nodesChecked, int nodesMatching,
                         QueryLatencyRun.Result latency, EosCopyRun.Result eos, ConsumerPerformanceRun.Result consumerPerformance) {
        public double ratio() {
            return scoring.recordsPerSecond() / eos.recordsPerSecond();
        }
    }

    /** The targets, reported against (not enforced). */
    public static final double TARGET_RATE = 100_000;
    public static final double TARGET_RATIO = 0.5;
    static final String EOS_TOPIC = "bench.eos-copy";
    private static final int NODES_TO_CHECK = 20;

    private final Settings stack;
    private final Plan plan;
    private final PrintStream out;

    public ScoringBench(Settings stackSettings, Plan plan, PrintStream out) {
        this.stack = stackSettings;
        this.plan = plan;
        this.out = out;
    }

    public Report run() throws Exception {
        KafkaClients kafka = new KafkaClients(stack);
        SchemaRegistryClient registry = new SchemaRegistryClient(CommonSettings.from(stack).registryUrl());
        String topic = TopicCatalog.HEARTBEATS.name();
        long runId = System.currentTimeMillis();
        // Epoch 0 began 10 minutes ago and lasts an hour: every record, pre-loaded or live, is in an open epoch.
        long now = System.currentTimeMillis();
        long genesis = now - now % 1000 - 600_000;

        out.printf("%n1) pre-loading %,d heartbeats of %,d nodes to %s (sentAt spread over the last 10 min of open epoch 0)%n",
                plan.records(), plan.nodes(), topic);
        Map<TopicPartition, Long> before = TopicSample.endOffsets(kafka.consumerConfig(null), topic);
        HeartbeatPreload.Result preload = HeartbeatPreload.run(kafka, registry, plan.records(), plan.nodes(), genesis, now, out);
        Map<TopicPartition, Long> end = TopicSample.endOffsets(kafka.consumerConfig(null), topic);
        long onTopic = end.values().stream().mapToLong(Long::longValue).sum();
        long nonEmpty = end.values().stream().filter(v -> v > 0).count();
        out.printf("  %,d heartbeats written in %.1f s (%s records/s), value %.0f B on average; %s now holds %,d records on %d of %d"
                        + " partitions%n", preload.records(), preload.elapsedNanos() / 1e9, IngestBench.count(preload.recordsPerSecond()),
                (double) preload.valueBytes() / Math.max(1, preload.records()), topic, onTopic, nonEmpty, end.size());
        if (before.values().stream().anyMatch(v -> v > 0)) {
            out.printf("  (%,d records were there before; the processor reads them too and the rate counts them)%n",
                    before.values().stream().mapToLong(Long::longValue).sum());
        }

        Path stateDir = Files.createTempDirectory("proofmesh-bench-streams");
        Settings processor = processorSettings(genesis, "bench-scoring-" + runId, stateDir);
        out.printf("%n2) scoring: a fresh processor (application id bench-scoring-%d, empty state dir, exactly_once_v2,"
                + " commit interval %s) reads %s from the beginning%n", runId,
                processor.get(StreamsSettings.COMMIT_INTERVAL), topic);
        ScoringRun.Started started = ScoringRun.start(processor, topic, end, out);
        ScoringRun.Result scoring = started.result();
        QueryLatencyRun.Result latency;
        int matching;
        int checked;
        try (StreamsService service = started.service()) {
            printScoring(scoring);
            checked = Math.min(NODES_TO_CHECK, plan.nodes());
            matching = checkCounts(service.httpPort(), preload, checked);
            out.printf("  check: heartbeatsCounted of %d fleet nodes (GET /v1/nodes/{id}) equals the heartbeats sent to them:"
                    + " %d/%d%n", checked, matching, checked);

            out.printf("%n3) latency heartbeat → queryable: %d heartbeats/s for %d s against the running processor, 1 in %d"
                            + " from a fresh node polled every ~5 ms on GET /v1/nodes/{id} until counted%n", plan.rate(),
                    plan.latencySeconds(), plan.sampleEvery());
            latency = QueryLatencyRun.run(kafka, registry, service.httpPort(), plan.rate(), plan.latencySeconds(),
                    plan.sampleEvery(), plan.nodes(), out);
            printLatency(latency);
        } finally {
            deleteQuietly(stateDir);
        }

        out.printf("%n4) ceiling: a plain exactly-once consume→produce loop, no state, over the same %,d records to %s%n",
                scoring.records(), EOS_TOPIC);
        EosCopyRun.createTarget(kafka, EOS_TOPIC, end.size());
        EosCopyRun.Result eos = EosCopyRun.run(kafka, topic, end, EOS_TOPIC, "bench-eos-copy-" + runId);
        out.printf(Locale.ROOT, "  plain EOS copy          %s records/s (%,d records, %,d transactions, %.2f s; CPU s %s)%n",
                IngestBench.count(eos.recordsPerSecond()), eos.records(), eos.transactions(), eos.elapsedNanos() / 1e9,
                cpu(eos.cpuNanos()));

        out.printf("%n5) reference: Kafka's ConsumerPerformance (kafka-tools, own JVM) reads %,d records of %s%n",
                scoring.records(), topic);
        ConsumerPerformanceRun.Result cp = ConsumerPerformanceRun.run(stack.get(CommonSettings.KAFKA_BOOTSTRAP), topic,
                scoring.records(), "bench-consumer-performance-" + runId);
        out.printf(Locale.ROOT, "  ConsumerPerformance     %s records/s (fetch.nMsg.sec, %,d records in %.2f s; %s with its group join)%n",
                IngestBench.count(cp.recordsPerSecond()), cp.records(), cp.fetchMillis() / 1e3,
                IngestBench.count(cp.recordsPerSecondWithJoin()));

        Report report = new Report(preload, scoring, checked, matching, latency, eos, cp);
        printSummary(report);
        return report;
    }

    /** The processor as {@code proofmesh streams} runs it, on a fresh id and state dir, with the bench's epoch 0. */
    private Settings processorSettings(long genesis, String applicationId, Path stateDir) {
        Map<String, String> m = new LinkedHashMap<>(StreamsSettings.DEFAULTS);
        m.putAll(stack.asMap());
        m.put("http.host", "127.0.0.1");
        m.put("http.port", "0");
        m.put(StreamsSettings.APPLICATION_ID, applicationId);
        m.put(StreamsSettings.INSTANCE_ID, "bench");
        m.put(StreamsSettings.STATE_DIR, stateDir.toString());
        m.put(EpochSettings.GENESIS, Long.toString(genesis));
        m.put(EpochSettings.LENGTH, "1h");
        m.put(EpochSettings.GRACE, "5m");
        return Settings.of(m);
    }

    private int checkCounts(int port, HeartbeatPreload.Result preload, int nodes) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        int ok = 0;
        for (int k = 0; k < nodes; k++) {
            int i = (int) ((long) k * preload.nodes() / nodes);
            String id = BenchHeartbeats.nodeId(i);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/nodes/" + id))
                    .build(), HttpResponse.BodyHandlers.ofString());
            long counted = r.statusCode() == 200 ? QueryLatencyRun.heartbeatsCounted(r.body()) : -1;
            if (counted == preload.heartbeatsOf(i)) {
                ok++;
            } else {
                out.printf("  node %s: counted %d, sent %d (HTTP %d)%n", id, counted, preload.heartbeatsOf(i), r.statusCode());
            }
        }
        return ok;
    }

    private void printScoring(ScoringRun.Result s) {
        out.printf(Locale.ROOT, "  start-up to RUNNING     %.2f s (not measured: group join, global stores restored)%n",
                s.startToRunningNanos() / 1e9);
        out.printf(Locale.ROOT, "  scoring                 %s records/s (%,d records committed on every partition %.2f s after"
                + " RUNNING; CPU s %s)%n", IngestBench.count(s.recordsPerSecond()), s.committed(), s.runningToDoneNanos() / 1e9,
                cpu(s.cpuNanos()));
        out.printf(Locale.ROOT, "  scoring, commit window  %s records/s (%,d records committed between the first commit at"
                        + " %.2f s and the last at %.2f s after start)%n", IngestBench.count(s.committedWindowRecordsPerSecond()),
                s.committed() - s.committedAtFirstCommit(), s.firstCommitNanos() / 1e9, s.doneNanos() / 1e9);
    }

    private void printLatency(QueryLatencyRun.Result l) {
        out.printf(Locale.ROOT, "  sent %,d heartbeats at %.0f/s; %d samples queryable, %d not within 30 s%n", l.sent(),
                l.achievedRate(), l.latenciesNanos().size(), l.unseen());
        out.printf(Locale.ROOT, "  latency p50 / p99 / max %.1f / %.1f / %.1f ms (CPU s %s)%n", l.percentileNanos(0.50) / 1e6,
                l.percentileNanos(0.99) / 1e6, l.percentileNanos(1.0) / 1e6, cpu(l.cpuNanos()));
    }

    private void printSummary(Report r) {
        out.println();
        out.println("| measure | records | records/s | CPU s (this JVM / kafka) | note |");
        out.println("| --- | --- | --- | --- | --- |");
        out.printf(Locale.ROOT, "| scoring topology (StreamsService, exactly_once_v2) | %d | %s | %s | from RUNNING to all committed |%n",
                r.scoring().committed(), IngestBench.count(r.scoring().recordsPerSecond()), cpuPair(r.scoring().cpuNanos()));
        out.printf(Locale.ROOT, "| plain EOS consume→produce (ceiling) | %d | %s | %s | transaction per poll batch |%n",
                r.eos().records(), IngestBench.count(r.eos().recordsPerSecond()), cpuPair(r.eos().cpuNanos()));
        out.printf(Locale.ROOT, "| ConsumerPerformance (kafka-tools) | %d | %s | - | fetch.nMsg.sec, own JVM |%n",
                r.consumerPerformance().records(), IngestBench.count(r.consumerPerformance().recordsPerSecond()));
        out.printf(Locale.ROOT, "ratio scoring ÷ plain EOS      %.3f (issue target ≥ %.1f: %s)%n", r.ratio(), TARGET_RATIO,
                r.ratio() >= TARGET_RATIO ? "met" : "NOT met");
        out.printf(Locale.ROOT, "scoring rate vs 100,000/s      %.2f× of the issue's target (%s; 2 shared cores)%n",
                r.scoring().recordsPerSecond() / TARGET_RATE, r.scoring().recordsPerSecond() >= TARGET_RATE ? "met" : "NOT met");
        out.printf(Locale.ROOT, "latency heartbeat → queryable  p50 %.1f ms, p99 %.1f ms (%d samples at %d heartbeats/s)%n",
                r.latency().percentileNanos(0.50) / 1e6, r.latency().percentileNanos(0.99) / 1e6,
                r.latency().latenciesNanos().size(), plan.rate());
        out.printf("pre-loaded records processed   %,d of %,d%n", r.scoring().committed(), r.scoring().records());
    }

    private static String cpu(Map<String, Long> nanos) {
        StringBuilder b = new StringBuilder();
        nanos.forEach((role, n) -> {
            if (n > 0) {
                b.append(b.isEmpty() ? "" : ", ").append(role).append(' ').append(String.format(Locale.ROOT, "%.1f", n / 1e9));
            }
        });
        return b.toString();
    }

    private static String cpuPair(Map<String, Long> nanos) {
        return String.format(Locale.ROOT, "%.1f / %.1f", nanos.getOrDefault("this JVM", 0L) / 1e9,
                nanos.getOrDefault("kafka", 0L) / 1e9);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir; the OS cleans it eventually
        }
    }
}
