package io.proofmesh.app;

import io.proofmesh.app.bench.BenchNodes;
import io.proofmesh.app.bench.IngestBench;
import io.proofmesh.app.bench.InferenceBench;
import io.proofmesh.inference.jobs.JobResultsView;
import io.proofmesh.inference.jobs.JobSubmitter;
import io.proofmesh.inference.model.DevModels;
import io.proofmesh.inference.service.SidecarService;
import io.proofmesh.inference.service.SidecarSettings;
import io.proofmesh.inference.verifier.DetectionBound;
import io.proofmesh.inference.verifier.VerifierService;
import io.proofmesh.inference.verifier.VerifierSettings;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's inference step: three GPU nodes run sidecars (one dishonest: it shifts every output),
 * the verifier re-runs a secret half of the results and injects canaries, jobs are submitted, and
 * the table shows jobs run, latencies and verdicts per node. Passes only if every job is answered,
 * the honest nodes have no MISMATCH, and the dishonest node is caught within the stated bound.
 */
final class DemoInference {

    static final int SIDECARS = 3;
    static final double PERTURBATION = 0.05;
    static final int SAMPLE_PPM = 500_000;
    static final double DELTA = 1e-6;

    private final Settings services;
    private final int ingestPort;
    private final int registeredBefore;
    private final PrintStream out;

    DemoInference(Settings services, int ingestPort, int registeredBefore, PrintStream out) {
        this.services = services;
        this.ingestPort = ingestPort;
        this.registeredBefore = registeredBefore;
        this.out = out;
    }

    boolean run(int mlpJobs, int cnnJobs) throws Exception {
        KafkaClients kafka = new KafkaClients(services);
        SchemaRegistryClient registry = new SchemaRegistryClient(CommonSettings.from(services).registryUrl());
        Path models = Files.createTempDirectory("proofmesh-demo-models");
        DevModels.prepare(models, services);
        SecureRandom random = new SecureRandom();
        List<String> keys = new ArrayList<>();
        List<MessageSigner> nodes = new ArrayList<>();
        for (int i = 0; i < SIDECARS; i++) {
            byte[] k = new byte[32];
            random.nextBytes(k);
            k[0] = (byte) (1 + (k[0] & 0x3f));
            keys.add(HexFormat.of().formatHex(k));
            nodes.add(MessageSigner.fromPrivateKeyHex(keys.get(i)));
        }
        BenchNodes.register(kafka, registry, nodes);
        IngestBench.awaitRegistry(ingestPort, registeredBefore + SIDECARS);
        String dishonest = nodes.get(SIDECARS - 1).address();
        String group = "demo-sidecars-" + UUID.randomUUID().toString().substring(0, 8);

        Map<String, String> v = new LinkedHashMap<>(VerifierSettings.DEFAULTS);
        v.putAll(services.asMap());
        v.put("http.port", "0");
        v.put(VerifierSettings.SAMPLE_PPM, Integer.toString(SAMPLE_PPM));
        v.put(VerifierSettings.CANARY_INTERVAL, "500ms");
        v.put(VerifierSettings.MODELS_DIR, models.toString());
        v.put(VerifierSettings.GROUP, "demo-verifier-" + UUID.randomUUID().toString().substring(0, 8));
        v.put(VerifierSettings.SEED, HexFormat.of().formatHex(random.generateSeed(32)));
        List<SidecarService> sidecars = new ArrayList<>();
        try (VerifierService verifier = VerifierService.start(Settings.of(v), m -> out.println("   [verifier] " + m))) {
            for (int i = 0; i < SIDECARS; i++) {
                Map<String, String> s = new LinkedHashMap<>(SidecarSettings.DEFAULTS);
                s.putAll(services.asMap());
                s.put("http.port", "0");
                s.put(SidecarSettings.INGEST_URL, "http://127.0.0.1:" + ingestPort);
                s.put(SidecarSettings.NODE_KEY, keys.get(i));
                s.put(SidecarSettings.MODELS_DIR, models.toString());
                s.put(SidecarSettings.GROUP, group);
                if (i == SIDECARS - 1) {
                    s.put(SidecarSettings.PERTURB_OUTPUTS, Double.toString(PERTURBATION));
                }
                int n = i;
                sidecars.add(SidecarService.start(Settings.of(s), m -> {
                    if (m.contains("DISHONEST") || m.startsWith("sidecar of node")) {
                        out.println("   [sidecar " + (n + 1) + "] " + m);
                    }
                }));
            }
            awaitGroupShared(kafka, group, SIDECARS);
            return submitAndJudge(kafka, registry, nodes, dishonest, mlpJobs, cnnJobs, verifier);
        } finally {
            for (SidecarService s : sidecars) {
                s.close();
            }
        }
    }

    private boolean submitAndJudge(KafkaClients kafka, SchemaRegistryClient registry, List<MessageSigner> nodes,
                                   String dishonest, int mlpJobs, int cnnJobs, VerifierService verifier) throws Exception {
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("demo-jobs"),
                     new StringSerializer(), new AvroSerializer<>(registry, false));
             JobResultsView results = new JobResultsView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                     new StringDeserializer(), AvroDeserializer.specific(registry, JobResult.class)),
                     TopicCatalog.JOB_RESULTS.name(), Duration.ofMinutes(5), 100_000).start()) {
            JobSubmitter submitter = new JobSubmitter(producer);
            Random r = new Random(11);
            for (int i = 0; i < mlpJobs + cnnJobs; i++) {
                InferenceJob job = i < mlpJobs
                        ? InferenceBench.job("mlp-16x32x4", InferenceBench.floats(r, 1, 16), Duration.ofMinutes(2))
                        : InferenceBench.job(DevModels.CNN_MODEL_ID, InferenceBench.floats(r, 1, 3, 48, 192), Duration.ofMinutes(2));
                submitter.submit(job);
                ids.add(job.getJobId());
                Thread.sleep(30);
            }
            out.printf("   submitted %d MLP and %d CNN jobs to jobs.requests; %d sidecars share them%n", mlpJobs, cnnJobs, SIDECARS);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && !ids.stream().allMatch(id -> results.result(id).isPresent())) {
                Thread.sleep(100);
            }
            // Give the verifier time to judge what it sampled (and its canaries to come back).
            long settle = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < settle && verdicts(kafka, registry).stream()
                    .noneMatch(x -> x.getNodeId().equals(dishonest) && x.getVerdict() == Verdict.MISMATCH)) {
                Thread.sleep(500);
            }
            Thread.sleep(2_000);
            return judge(ids, results, verdicts(kafka, registry), nodes, dishonest, resultsOf(kafka, registry, dishonest));
        }
    }

    private boolean judge(List<String> ids, JobResultsView results, List<JobVerification> verdicts, List<MessageSigner> nodes,
                          String dishonest, List<JobResult> dishonestAll) {
        long answered = ids.stream().filter(id -> results.result(id).isPresent()).count();
        out.printf("%n   %-8s %-12s %5s %5s %9s %9s %6s %9s %8s%n", "NODE", "", "JOBS", "OK", "COMPUTE", "QUEUE", "MATCH",
                "MISMATCH", "CANARY");
        boolean honestClean = true;
        long caughtAt = -1;
        long dishonestResults = 0;
        for (int i = 0; i < nodes.size(); i++) {
            String id = nodes.get(i).address();
            List<JobResult> mine = ids.stream().map(results::result).flatMap(java.util.Optional::stream)
                    .filter(x -> x.getNodeId().equals(id)).sorted(java.util.Comparator.comparing(JobResult::getSentAt)).toList();
            long ok = mine.stream().filter(x -> x.getStatus() == JobStatus.OK).count();
            long[] compute = mine.stream().mapToLong(JobResult::getComputeMs).sorted().toArray();
            long[] queue = mine.stream().mapToLong(JobResult::getQueueMs).sorted().toArray();
            List<JobVerification> vs = verdicts.stream().filter(x -> x.getNodeId().equals(id)).toList();
            long match = vs.stream().filter(x -> x.getVerdict() == Verdict.MATCH).count();
            long mismatch = vs.stream().filter(x -> x.getVerdict() == Verdict.MISMATCH).count();
            long canary = vs.stream().filter(JobVerification::getCanary).count();
            boolean isDishonest = id.equals(dishonest);
            out.printf("   %-8s %-12s %5d %5d %7s ms %6s ms %6d %9d %8d%s%n", "node " + (i + 1), id.substring(0, 6) + ".."
                    + id.substring(38), mine.size(), ok, median(compute), median(queue), match, mismatch, canary,
                    isDishonest ? "   <- dishonest (outputs shifted by " + PERTURBATION + ")" : "");
            if (isDishonest) {
                // Counted over all its results, canary answers included: the node cannot tell them apart.
                dishonestResults = dishonestAll.size();
                java.util.Optional<java.time.Instant> first = vs.stream().filter(x -> x.getVerdict() == Verdict.MISMATCH)
                        .map(JobVerification::getResultSentAt).min(java.util.Comparator.naturalOrder());
                if (first.isPresent()) {
                    caughtAt = dishonestAll.stream().filter(x -> !x.getSentAt().isAfter(first.get())).count();
                }
            } else if (mismatch > 0) {
                honestClean = false;
            }
        }
        double pPrime = SAMPLE_PPM / 1e6;
        long bound = DetectionBound.resultsBeforeCaught(pPrime, DELTA);
        out.printf("%n   %d of %d jobs answered; verifier re-runs %.0f %% of results (secret seed) plus every canary;%n",
                answered, ids.size(), pPrime * 100);
        out.printf("   bound: a node corrupting every result is caught within %d of its results with probability ≥ 1 − %.0e%n",
                bound, DELTA);
        if (caughtAt > 0) {
            out.printf("   dishonest node caught: first MISMATCH on its result #%d of %d (bound %d)%n", caughtAt, dishonestResults, bound);
        } else {
            out.printf("   dishonest node NOT caught (%d results)%n", dishonestResults);
        }
        return answered == ids.size() && honestClean && caughtAt > 0 && caughtAt <= bound;
    }

    /** Until every sidecar of the group owns partitions of jobs.requests, so the jobs are shared. */
    private void awaitGroupShared(KafkaClients kafka, String group, int members) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (org.apache.kafka.clients.admin.Admin admin = kafka.admin()) {
            while (System.nanoTime() < deadline) {
                var d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                long owning = d.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                if (d.groupState() == org.apache.kafka.common.GroupState.STABLE && owning == members) {
                    out.printf("   the %d sidecars share jobs.requests' %d partitions%n", members,
                            d.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum());
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the sidecars' group " + group + " did not give every sidecar partitions within 60 s");
    }

    /** Every result of {@code nodeId} in jobs.results (real jobs and canaries alike), by send time. */
    private static List<JobResult> resultsOf(KafkaClients kafka, SchemaRegistryClient registry, String nodeId) {
        List<JobResult> all = new ArrayList<>();
        try (KafkaConsumer<String, JobResult> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(registry, JobResult.class))) {
            RecordPolling.readToEnd(c, List.of(TopicCatalog.JOB_RESULTS.name()), Duration.ofSeconds(20), rec -> {
                if (rec.value() != null && nodeId.equals(rec.value().getNodeId())) {
                    all.add(rec.value());
                }
            });
        }
        all.sort(java.util.Comparator.comparing(JobResult::getSentAt));
        return all;
    }

    private static List<JobVerification> verdicts(KafkaClients kafka, SchemaRegistryClient registry) {
        List<JobVerification> all = new ArrayList<>();
        try (KafkaConsumer<String, JobVerification> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(registry, JobVerification.class))) {
            RecordPolling.readToEnd(c, List.of(TopicCatalog.JOB_VERIFICATIONS.name()), Duration.ofSeconds(20), rec -> {
                if (rec.value() != null) {
                    all.add(rec.value());
                }
            });
        }
        return all;
    }

    private static String median(long[] sorted) {
        return sorted.length == 0 ? "-" : Long.toString(sorted[sorted.length / 2]);
    }
}
