package io.proofmesh.app.bench;

import io.proofmesh.ingest.service.IngestService;
import io.proofmesh.ingest.service.IngestSettings;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.simulator.load.LoadDriver;
import io.proofmesh.simulator.load.LoadFleet;
import io.proofmesh.simulator.load.LoadResult;
import io.proofmesh.simulator.load.PresignedRequest;
import io.proofmesh.simulator.load.PresignedRequests;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * The ingest benchmark: an in-process ingest service on a running stack, a fleet of registered
 * nodes, and per events-per-request setting a warm-up and a measured run of pre-signed requests
 * over keep-alive connections — then, in the same run and on the same broker, Kafka's raw
 * producer sending the very records ingest wrote, and the ratio of the two rates.
 */
public final class IngestBench {

    /** What to run. */
    public record Plan(List<Integer> eventsPerRequest, int requests, int warmupRequests, int nodes, int concurrency) {
    }

    /** One measured run and its raw ceiling. */
    public record Run(int eventsPerRequest, LoadResult load, RawProducerRun.Result raw,
                      ProducerPerformanceRun.Result producerPerformance, TopicSample sample, Map<String, Long> cpuNanos) {
        public double ratio() {
            return load.acceptedEventsPerSecond() / raw.recordsPerSecond();
        }

        /** Ingest's rate ÷ Kafka's own ProducerPerformance with records of the same size. */
        public double ratioToProducerPerformance() {
            return load.acceptedEventsPerSecond() / producerPerformance.recordsPerSecond();
        }
    }

    private static final Pattern REGISTRY_COUNT = Pattern.compile("\"detail\":\"(\\d+) nodes\"");

    private final Settings stack;
    private final Plan plan;
    private final PrintStream out;

    public IngestBench(Settings stackSettings, Plan plan, PrintStream out) {
        this.stack = stackSettings;
        this.plan = plan;
        this.out = out;
    }

    /** The ingest settings of the bench: every check on, the rate limits out of the way of one load generator. */
    public static Map<String, String> ingestOverrides() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("http.host", "127.0.0.1");
        m.put("http.port", "0");
        m.put("ingest.rate.source-per-second", "1000000000");
        m.put("ingest.rate.source-burst", "1000000000");
        m.put("ingest.rate.node-per-second", "1000000000");
        m.put("ingest.rate.node-burst", "1000000");
        return m;
    }

    public List<Run> run() throws Exception {
        Settings s = Settings.of(merge(IngestSettings.DEFAULTS, stack.asMap(), ingestOverrides()));
        out.println("signature recovery: " + SignerRecoveries.best().implementation()
                + "; receipt signing: " + MessageSigner.generate().implementation());
        List<Run> runs = new ArrayList<>();
        try (IngestService ingest = IngestService.start(s, msg -> out.println("  ingest: " + msg))) {
            IngestSettings cfg = ingest.settings();
            KafkaClients kafka = new KafkaClients(s);
            SchemaRegistryClient registry = new SchemaRegistryClient(CommonSettings.from(s).registryUrl());
            out.printf("generating %d node keys and registering them ...%n", plan.nodes());
            LoadFleet fleet = LoadFleet.generate(plan.nodes());
            BenchNodes.register(kafka, registry, fleet.nodes());
            awaitRegistry(ingest.port(), plan.nodes());
            out.printf("%d nodes registered and visible to ingest%n", plan.nodes());
            prepareRawTopics(kafka);

            LoadDriver driver = new LoadDriver("127.0.0.1", ingest.port(), plan.concurrency());
            String topic = TopicCatalog.HEARTBEATS.name();
            Map<String, Object> consumerConfig = kafka.consumerConfig(null);
            int n = 0;
            for (int events : plan.eventsPerRequest()) {
                n++;
                out.printf("%nrun %d/%d: %d event%s per request — %d requests (+%d warm-up) over %d connections from %d nodes%n",
                        n, plan.eventsPerRequest().size(), events, events == 1 ? "" : "s", plan.requests(),
                        plan.warmupRequests(), plan.concurrency(), plan.nodes());
                if (plan.warmupRequests() > 0) {
                    LoadResult warm = driver.run(sign(fleet, cfg, events, plan.warmupRequests()));
                    out.printf("  warm-up                 %s events/s, %s%n", count(warm.acceptedEventsPerSecond()), answers(warm));
                }
                Map<TopicPartition, Long> before = TopicSample.endOffsets(consumerConfig, topic);
                List<PresignedRequest> requests = sign(fleet, cfg, events, plan.requests());
                Map<String, Long> cpu0 = ProcessCpu.snapshot();
                LoadResult load = driver.run(requests);
                Map<String, Long> cpu = ProcessCpu.delta(cpu0, ProcessCpu.snapshot());
                Map<TopicPartition, Long> after = TopicSample.endOffsets(consumerConfig, topic);
                printLoad(load, cpu);

                TopicSample sample = TopicSample.read(consumerConfig, before, after, 50_000);
                out.printf("  records written         %d to %s, key %.0f B + value %.0f B on average%n", sample.records(), topic,
                        sample.averageKeyBytes(), sample.averageValueBytes());
                RawProducerRun.Result raw = rawCeiling(kafka, events, sample, Math.max(load.acceptedEvents(), 1000));
                // Enough records for a steady state (≥ 300k) but at most ~300 MB on the broker's disk.
                long ppRecords = Math.max(1000, Math.min(Math.max(load.acceptedEvents(), 300_000),
                        300_000_000L / Math.max(1, Math.round(sample.averageValueBytes()))));
                ProducerPerformanceRun.Result pp = ProducerPerformanceRun.run(stack.get(CommonSettings.KAFKA_BOOTSTRAP),
                        rawTopic(events), ppRecords, (int) Math.round(sample.averageValueBytes()), kafka.producerConfig("pp"));
                Run run = new Run(events, load, raw, pp, sample, cpu);
                out.printf("  Kafka raw producer      %s records/s (%d of the same records, ingest's producer settings, same broker)%n",
                        count(raw.recordsPerSecond()), raw.records());
                out.printf("  ratio ingest ÷ raw      %.3f%n", run.ratio());
                out.printf("  ProducerPerformance     %s records/s (kafka-tools, %d records of %d B after %d warm-up, same settings"
                        + " and broker)%n", count(pp.recordsPerSecond()), pp.records(), Math.round(sample.averageValueBytes()),
                        ppRecords - pp.records());
                out.printf(Locale.ROOT, "  ratio ingest ÷ ProducerPerformance %.3f%n", run.ratioToProducerPerformance());
                runs.add(run);
            }
        }
        printSummary(runs);
        return runs;
    }

    private List<PresignedRequest> sign(LoadFleet fleet, IngestSettings cfg, int events, int count) {
        long t0 = System.nanoTime();
        out.printf("  signing %d requests ahead of the run ...", count);
        out.flush();
        List<PresignedRequest> r = PresignedRequests.sign(fleet, cfg.domain().network(), cfg.domain().chainId(), events, count,
                System.currentTimeMillis());
        out.printf(" %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return r;
    }

    private static String rawTopic(int events) {
        return "bench.raw-producer-" + events;
    }

    /** The raw producer's topics, shaped like telemetry.heartbeats, created and primed before any run. */
    private void prepareRawTopics(KafkaClients kafka) throws Exception {
        int partitions = TopicCatalog.HEARTBEATS.partitions();
        try (Admin admin = kafka.admin()) {
            for (int events : plan.eventsPerRequest()) {
                RawProducerRun.createTopic(admin, rawTopic(events), partitions, TopicCatalog.HEARTBEATS.topicConfigs());
            }
        }
        for (int events : plan.eventsPerRequest()) {
            RawProducerRun.prime(kafka.producerConfig("proofmesh-bench-prime"), rawTopic(events), partitions);
        }
    }

    private RawProducerRun.Result rawCeiling(KafkaClients kafka, int events, TopicSample sample, long records) throws Exception {
        String rawTopic = rawTopic(events);
        Map<String, Object> pc = kafka.producerConfig("proofmesh-bench-raw");
        return RawProducerRun.run(pc, rawTopic, sample, Math.min(records, 20_000), records);
    }

    private void printLoad(LoadResult load, Map<String, Long> cpu) {
        out.printf("  accepted events/s       %s%n", count(load.acceptedEventsPerSecond()));
        out.printf("  signatures verified/s   %s (one per accepted request)%n", count(load.acceptedRequestsPerSecond()));
        out.printf(Locale.ROOT, "  latency p50 / p99 / max %.2f / %.2f / %.1f ms%n", load.latency().p50Nanos() / 1e6,
                load.latency().p99Nanos() / 1e6, load.latency().maxNanos() / 1e6);
        out.printf("  answers                 %s%n", answers(load));
        long events = Math.max(1, load.acceptedEvents());
        StringBuilder b = new StringBuilder();
        cpu.forEach((role, nanos) -> {
            if (nanos > 0) {
                b.append(b.isEmpty() ? "" : ", ").append(role).append(' ').append(String.format(Locale.ROOT, "%.1f", nanos / 1e3 / events));
            }
        });
        out.printf(Locale.ROOT, "  CPU µs per event        %s (load generator %.1f of this JVM's); wall %.2f s%n", b,
                load.driverCpuNanos() / 1e3 / events, load.elapsedNanos() / 1e9);
    }

    private static String answers(LoadResult r) {
        Map<Integer, Long> refused = r.refusals();
        return r.accepted() + " × 202" + (refused.isEmpty() ? " (no refusals)" : ", NOT 202: " + describe(refused));
    }

    private static String describe(Map<Integer, Long> refused) {
        StringBuilder b = new StringBuilder();
        refused.forEach((status, c) -> b.append(b.isEmpty() ? "" : ", ").append(c).append(" × ")
                .append(status == -1 ? "connection error" : status.toString()));
        return b.toString();
    }

    private void printSummary(List<Run> runs) {
        out.println();
        out.println("| events/request | requests | accepted events/s | signatures/s | p50 ms | p99 ms | raw producer records/s | ratio"
                + " | ProducerPerformance records/s | ratio |");
        out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Run r : runs) {
            out.printf(Locale.ROOT, "| %d | %d | %s | %s | %.2f | %.2f | %s | %.3f | %s | %.3f |%n", r.eventsPerRequest(),
                    r.load().requests(), count(r.load().acceptedEventsPerSecond()), count(r.load().acceptedRequestsPerSecond()),
                    r.load().latency().p50Nanos() / 1e6, r.load().latency().p99Nanos() / 1e6,
                    count(r.raw().recordsPerSecond()), r.ratio(), count(r.producerPerformance().recordsPerSecond()),
                    r.ratioToProducerPerformance());
        }
    }

    static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    public static void awaitRegistry(int port, int nodes) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = REGISTRY_COUNT.matcher(body);
            if (m.find() && Integer.parseInt(m.group(1)) >= nodes) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("ingest's registry view did not show " + nodes + " nodes within 60 s: " + body);
    }

    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... maps) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map<String, String> x : maps) {
            m.putAll(x);
        }
        return m;
    }
}
