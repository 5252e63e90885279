package io.proofmesh.app.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.proofmesh.inference.jobs.JobResultsView;
import io.proofmesh.inference.model.DevModels;
import io.proofmesh.inference.model.ModelCatalogue;
import io.proofmesh.inference.model.ModelEntry;
import io.proofmesh.inference.model.ModelSession;
import io.proofmesh.inference.model.SessionSettings;
import io.proofmesh.inference.runner.JobExecutor;
import io.proofmesh.inference.runner.JobOutcome;
import io.proofmesh.inference.service.SidecarService;
import io.proofmesh.inference.service.SidecarSettings;
import io.proofmesh.inference.tensor.TensorCodec;
import io.proofmesh.ingest.service.IngestService;
import io.proofmesh.ingest.service.IngestSettings;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * {@code proofmesh bench inference}: (a) the sidecar's per-job path (validate, decode, run, encode,
 * digest) beside a bare {@code session.run} on the same CNN inputs; (b) the MLP's throughput with
 * and without micro-batching; (c) job submitted → signed result in {@code jobs.results} through a
 * real ingest, at a steady rate.
 */
public final class InferenceBench {

    /** What to run. */
    public record Plan(int cnnJobs, int mlpJobs, int batch, int e2eJobs, int e2eRate) {}

    private final Settings stack;
    private final Plan plan;
    private final PrintStream out;

    public InferenceBench(Settings stack, Plan plan, PrintStream out) {
        this.stack = stack;
        this.plan = plan;
        this.out = out;
    }

    public void run() throws Exception {
        Path models = Files.createTempDirectory("bench-inference-models");
        DevModels.prepare(models, stack);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (ModelCatalogue catalogue = ModelCatalogue.load(models, SessionSettings.from(stack))) {
            JobExecutor executor = new JobExecutor(catalogue, new TensorCodec(), env, Clock.systemUTC());
            cnnOverhead(catalogue, executor, env);
            mlpBatching(executor);
        }
        endToEnd(models);
    }

    /** (a) Per job: the sidecar's whole path against ORT's run alone, same inputs, alternating. */
    private void cnnOverhead(ModelCatalogue catalogue, JobExecutor executor, OrtEnvironment env) throws Exception {
        ModelSession session = catalogue.session(DevModels.CNN_MODEL_ID);
        ModelEntry entry = session.entry();
        Random random = new Random(1);
        int warm = Math.max(50, plan.cnnJobs() / 5);
        long[] bare = new long[plan.cnnJobs()];
        long[] full = new long[plan.cnnJobs()];
        out.printf("%n(a) CNN %s, 1x3x48x192 per job, %d jobs after %d warm-up: sidecar path vs bare session.run%n",
                DevModels.CNN_MODEL_ID, plan.cnnJobs(), warm);
        for (int i = -warm; i < plan.cnnJobs(); i++) {
            InferenceJob job = job(DevModels.CNN_MODEL_ID, floats(random, 1, 3, 48, 192), Duration.ofMinutes(5));
            Map<String, OnnxTensor> feed = new TensorCodec().toOnnxInputs(env, job, entry.inputs());
            long t0 = System.nanoTime();
            try (OrtSession.Result r = session.run(feed)) {
                r.get(0);
            } finally {
                OnnxValue.close(feed.values());
            }
            long t1 = System.nanoTime();
            List<JobOutcome> o = executor.run(List.of(new JobExecutor.QueuedJob(job, System.currentTimeMillis())));
            long t2 = System.nanoTime();
            if (o.get(0).status() != JobStatus.OK) {
                throw new IllegalStateException("CNN job failed in the bench: " + o.get(0).statusMessage());
            }
            if (i >= 0) {
                bare[i] = t1 - t0;
                full[i] = t2 - t1;
            }
        }
        double p50b = pct(bare, 50);
        double p99b = pct(bare, 99);
        double p50f = pct(full, 50);
        double p99f = pct(full, 99);
        out.printf("   bare session.run        p50 %7.3f ms   p99 %7.3f ms%n", p50b, p99b);
        out.printf("   sidecar path per job    p50 %7.3f ms   p99 %7.3f ms%n", p50f, p99f);
        out.printf("   overhead                p50 %+6.1f %%    p99 %+6.1f %%   (target ≤ 10 %%)%n",
                100 * (p50f / p50b - 1), 100 * (p99f / p99b - 1));
    }

    /** (b) Jobs/s of the MLP, one run per job vs runs of {@code batch} stacked jobs. */
    private void mlpBatching(JobExecutor executor) {
        Random random = new Random(2);
        List<JobExecutor.QueuedJob> jobs = new ArrayList<>();
        for (int i = 0; i < plan.mlpJobs(); i++) {
            jobs.add(new JobExecutor.QueuedJob(job("mlp-16x32x4", floats(random, 1, 16), Duration.ofMinutes(10)),
                    System.currentTimeMillis()));
        }
        out.printf("%n(b) MLP mlp-16x32x4, 1x16 per job, %d jobs: one run per job vs micro-batches of %d%n",
                plan.mlpJobs(), plan.batch());
        runMlp(executor, jobs.subList(0, Math.min(2000, jobs.size())), 1); // warm-up
        runMlp(executor, jobs.subList(0, Math.min(2000, jobs.size())), plan.batch());
        double single = runMlp(executor, jobs, 1);
        double batched = runMlp(executor, jobs, plan.batch());
        out.printf("   one run per job         %,10.0f jobs/s%n", single);
        out.printf("   batches of %-3d          %,10.0f jobs/s%n", plan.batch(), batched);
        out.printf("   speed-up                %10.2fx      (target ≥ 2x)%n", batched / single);
    }

    private static double runMlp(JobExecutor executor, List<JobExecutor.QueuedJob> jobs, int batch) {
        long t0 = System.nanoTime();
        for (int i = 0; i < jobs.size(); i += batch) {
            List<JobOutcome> o = executor.run(jobs.subList(i, Math.min(jobs.size(), i + batch)));
            if (o.get(0).status() != JobStatus.OK) {
                throw new IllegalStateException("MLP job failed in the bench: " + o.get(0).statusMessage());
            }
        }
        return jobs.size() / ((System.nanoTime() - t0) / 1e9);
    }

    /** (c) Submitted → signed result accepted by ingest, through Kafka, a real ingest and a sidecar. */
    private void endToEnd(Path models) throws Exception {
        out.printf("%n(c) end to end: job submitted to jobs.requests → sidecar → signed result through ingest → jobs.results%n");
        Map<String, String> ingestSettings = new LinkedHashMap<>(IngestSettings.DEFAULTS);
        ingestSettings.putAll(stack.asMap());
        ingestSettings.putAll(IngestBench.ingestOverrides());
        Settings is = Settings.of(ingestSettings);
        KafkaClients kafka = new KafkaClients(is);
        SchemaRegistryClient registry = new SchemaRegistryClient(CommonSettings.from(is).registryUrl());
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        key[0] = (byte) (1 + (key[0] & 0x3f));
        String keyHex = HexFormat.of().formatHex(key);
        MessageSigner node = MessageSigner.fromPrivateKeyHex(keyHex);
        try (IngestService ingest = IngestService.start(is, m -> { })) {
            BenchNodes.register(kafka, registry, List.of(node));
            IngestBench.awaitRegistry(ingest.port(), 1);
            Map<String, String> sc = new LinkedHashMap<>(SidecarSettings.DEFAULTS);
            sc.putAll(stack.asMap());
            sc.put("http.host", "127.0.0.1");
            sc.put("http.port", "0");
            sc.put(SidecarSettings.INGEST_URL, "http://127.0.0.1:" + ingest.port());
            sc.put(SidecarSettings.NODE_KEY, keyHex);
            sc.put(SidecarSettings.MODELS_DIR, models.toString());
            sc.put(SidecarSettings.GROUP, "bench-" + UUID.randomUUID());
            try (SidecarService sidecar = SidecarService.start(Settings.of(sc), m -> { });
                 KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("bench-jobs"),
                         new StringSerializer(), new AvroSerializer<>(registry, false));
                 JobResultsView results = new JobResultsView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                         new StringDeserializer(), AvroDeserializer.specific(registry, JobResult.class)),
                         TopicCatalog.JOB_RESULTS.name(), Duration.ofSeconds(5), 100_000).start()) {
                Random random = new Random(3);
                // Warm-up until the sidecar has joined its group and answered: the timed jobs then
                // measure the pipeline, not the first rebalance (group.initial.rebalance.delay.ms).
                List<String> warm = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    InferenceJob j = job("mlp-16x32x4", floats(random, 1, 16), Duration.ofMinutes(1));
                    warm.add(j.getJobId());
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(TopicCatalog.JOB_REQUESTS.name(),
                            j.getJobId(), j));
                }
                producer.flush();
                long warmDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!warm.stream().allMatch(id -> results.result(id).isPresent())) {
                    if (System.nanoTime() > warmDeadline) {
                        throw new IllegalStateException("the sidecar answered no warm-up job within 60 s");
                    }
                    Thread.sleep(10);
                }
                // A watcher records each result as it appears, while the main thread keeps the rate.
                Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
                Map<String, Long> latency = new java.util.concurrent.ConcurrentHashMap<>();
                java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread watcher = new Thread(() -> {
                    while (watching.get()) {
                        long now = System.nanoTime();
                        for (Map.Entry<String, Long> e : sentAt.entrySet()) {
                            if (!latency.containsKey(e.getKey()) && results.result(e.getKey()).isPresent()) {
                                latency.put(e.getKey(), now - e.getValue());
                            }
                        }
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException ex) {
                            return;
                        }
                    }
                }, "bench-result-watch");
                watcher.start();
                long interval = 1_000_000_000L / plan.e2eRate();
                long next = System.nanoTime();
                for (int i = 0; i < plan.e2eJobs(); i++) {
                    InferenceJob j = job("mlp-16x32x4", floats(random, 1, 16), Duration.ofMinutes(1));
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    sentAt.put(j.getJobId(), System.nanoTime());
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(TopicCatalog.JOB_REQUESTS.name(),
                            j.getJobId(), j));
                    next += interval;
                }
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (latency.size() < sentAt.size() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                watching.set(false);
                watcher.join(5_000);
                // The same from the records' own timestamps: job CreateTime → result LogAppendTime.
                Map<String, Long> created = new HashMap<>();
                Map<String, Long> appended = new HashMap<>();
                try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                    io.proofmesh.platform.kafka.RecordPolling.readToEnd(c, List.of(TopicCatalog.JOB_REQUESTS.name()),
                            Duration.ofSeconds(30), r -> created.put(r.key(), r.timestamp()));
                }
                try (KafkaConsumer<String, JobResult> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                        AvroDeserializer.specific(registry, JobResult.class))) {
                    io.proofmesh.platform.kafka.RecordPolling.readToEnd(c, List.of(TopicCatalog.JOB_RESULTS.name()),
                            Duration.ofSeconds(30), r -> appended.putIfAbsent(r.value().getJobId(), r.timestamp()));
                }
                long[] pipeline = sentAt.keySet().stream().filter(id -> created.containsKey(id) && appended.containsKey(id))
                        .mapToLong(id -> (appended.get(id) - created.get(id)) * 1_000_000).toArray();
                out.printf("   job CreateTime → result LogAppendTime (broker clocks): p50 %.1f ms, p99 %.1f ms over %d jobs%n",
                        pct(pipeline, 50), pct(pipeline, 99), pipeline.length);
                long[] l = latency.values().stream().mapToLong(Long::longValue).toArray();
                out.printf("   %d of %d jobs answered OK at %d jobs/s; submitted → result in jobs.results: p50 %.1f ms, "
                        + "p99 %.1f ms (the watcher polls every ~1 ms)%n", l.length, sentAt.size(), plan.e2eRate(),
                        pct(l, 50), pct(l, 99));
                if (l.length < sentAt.size()) {
                    throw new IllegalStateException((sentAt.size() - l.length) + " jobs got no result within 120 s");
                }
            }
        }
    }

    public static InferenceJob job(String model, Tensor input, Duration deadline) {
        Instant now = Instant.now();
        return InferenceJob.newBuilder().setJobId("job-" + UUID.randomUUID()).setModelId(model).setInputs(List.of(input))
                .setSubmittedAt(now).setDeadline(now.plus(deadline)).setRequester("bench").build();
    }

    public static Tensor floats(Random random, long... shape) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        ByteBuffer b = ByteBuffer.allocate((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < n; i++) {
            b.putFloat(random.nextFloat() * 2 - 1);
        }
        List<Long> dims = Arrays.stream(shape).boxed().toList();
        return Tensor.newBuilder().setName("x").setDtype(TensorType.FLOAT32).setShape(dims)
                .setData(ByteBuffer.wrap(b.array())).build();
    }

    static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }
}
