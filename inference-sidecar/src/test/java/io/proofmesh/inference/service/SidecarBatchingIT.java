package io.proofmesh.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proofmesh.inference.model.DevModels;
import io.proofmesh.inference.model.ModelEntry;
import io.proofmesh.inference.model.ModelManifest;
import io.proofmesh.inference.tensor.TensorComparison;
import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sidecar under load on the DevStack's real broker, with a real ingest and the real models:
 * micro-batching runs fewer batches than jobs and never mixes jobs' data; with backpressure (a
 * small in-flight limit) every job still completes; and jobs whose deadline passes while they wait
 * behind a backlog are answered DEADLINE_EXCEEDED without running.
 */
@Tag("integration")
@DevStackTest
class SidecarBatchingIT {

    static final int JOBS = 64;
    static final Duration AWAIT = Duration.ofSeconds(90);

    @Test
    void microBatchesNeverMixJobsBackpressureCompletesAllAndQueuedJobsPastTheirDeadlineAreNotRun(DevStack stack)
            throws Exception {
        long started = System.currentTimeMillis();
        Path models = Files.createTempDirectory("sidecar-batching-models");
        Settings base = FastTestProfile.settings(stack);
        ModelManifest manifest = DevModels.prepare(models, base);
        ModelEntry mlp = entry(manifest, DevModels.MLP_MODEL_ID);
        String group = "sidecar-batching-it-" + UUID.randomUUID();
        try (RunningIngest ingest = RunningIngest.start(stack, Map.of())) {
            String keyHex = SidecarIT.randomKeyHex();
            MessageSigner node = MessageSigner.fromPrivateKeyHex(keyHex);
            ingest.register(node);
            Map<String, String> s = new LinkedHashMap<>(base.asMap());
            s.put("http.host", "127.0.0.1");
            s.put("http.port", "0");
            s.put(SidecarSettings.INGEST_URL, "http://127.0.0.1:" + ingest.service().port());
            s.put(SidecarSettings.NODE_KEY, keyHex);
            s.put(SidecarSettings.MODELS_DIR, models.toString());
            s.put(SidecarSettings.GROUP, group);
            s.put(SidecarSettings.MAX_BATCH, "8");
            s.put(SidecarSettings.MAX_WAIT, "50ms");
            Settings batching = Settings.of(s);
            KafkaClients kafka = new KafkaClients(batching);
            SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
            Random random = new Random(5);

            try (ResultLog results = new ResultLog(kafka, registry);
                 KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("sidecar-batching-it"),
                         new StringSerializer(), new AvroSerializer<>(registry, false))) {

                // 1. Micro-batching: 64 MLP jobs of 1-3 rows at once, max batch 8, max wait 50 ms.
                List<InferenceJob> burst = mlpJobs(random, JOBS);
                results.watch(ids(burst));
                try (SidecarService sidecar = SidecarService.start(batching, m -> System.out.println("[sidecar] " + m))) {
                    // A new group reads jobs.requests from its start: let it work off other tests' jobs
                    // first, so the batch count below is about this burst.
                    Map<TopicPartition, Long> before = GroupOffsets.requestEnds(kafka);
                    await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                            assertThat(GroupOffsets.behind(kafka, group, before)).as("partitions behind").isEmpty());
                    double batchesBefore = metric(sidecar, "proofmesh_sidecar_batch_seconds_count");
                    double receivedBefore = metric(sidecar, "proofmesh_sidecar_jobs_received_total");
                    long t0 = System.currentTimeMillis();
                    sendAll(producer, burst);
                    awaitAnswered(results, burst);
                    long burstMs = System.currentTimeMillis() - t0;
                    double batches = metric(sidecar, "proofmesh_sidecar_batch_seconds_count") - batchesBefore;
                    double received = metric(sidecar, "proofmesh_sidecar_jobs_received_total") - receivedBefore;
                    double maxDiff = assertEqualToSingleRuns(results, burst, models, mlp);
                    System.out.printf("[batching-it] %d MLP jobs (%.0f received) ran in %.0f batches, answered in %d ms; "
                            + "max abs diff against single-job ORT runs: %s%n", JOBS, received, batches, burstMs, maxDiff);
                    assertThat(batches).as("batches run for %d jobs", JOBS).isPositive().isLessThan(JOBS);
                }

                // 2. Backpressure: the same group restarted with at most 4 jobs in flight; all 64 complete.
                List<InferenceJob> throttled = mlpJobs(random, JOBS);
                results.watch(ids(throttled));
                Settings backpressure = batching.with(Map.of(SidecarSettings.MAX_IN_FLIGHT, "4"));
                try (SidecarService sidecar = SidecarService.start(backpressure, m -> System.out.println("[sidecar] " + m))) {
                    long t0 = System.currentTimeMillis();
                    sendAll(producer, throttled);
                    awaitAnswered(results, throttled);
                    double maxDiff = assertEqualToSingleRuns(results, throttled, models, mlp);
                    System.out.printf("[batching-it] max in flight 4: %d MLP jobs answered in %d ms; max abs diff %s%n", JOBS,
                            System.currentTimeMillis() - t0, maxDiff);

                    // 3. Deadlines: a backlog of CNN jobs, then 20 whose deadline is 50 ms after submission.
                    Instant now = Instant.now();
                    List<InferenceJob> backlog = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        backlog.add(cnnJob(random, now, 300_000));
                    }
                    results.watch(ids(backlog));
                    sendAll(producer, backlog);
                    List<InferenceJob> tight = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        tight.add(cnnJob(random, Instant.now(), 50));
                    }
                    results.watch(ids(tight));
                    sendAll(producer, tight);
                    awaitAnswered(results, backlog);
                    awaitAnswered(results, tight);
                    Map<String, List<JobResult>> byJob = results.byJob();
                    long backlogComputeMs = 0;
                    for (InferenceJob j : backlog) {
                        JobResult r = byJob.get(j.getJobId().toString()).get(0);
                        assertThat(r.getStatus()).as("backlog job " + j.getJobId()).isEqualTo(JobStatus.OK);
                        assertThat(r.getOutputs()).isNotEmpty();
                        backlogComputeMs += r.getComputeMs();
                    }
                    for (InferenceJob j : tight) {
                        JobResult r = byJob.get(j.getJobId().toString()).get(0);
                        assertThat(r.getStatus()).as("tight-deadline job " + j.getJobId()).isEqualTo(JobStatus.DEADLINE_EXCEEDED);
                        assertThat(r.getOutputs()).as("outputs of a job not run").isEmpty();
                        assertThat(r.getComputeMs()).as("compute time of a job not run").isZero();
                        assertThat(r.getStatusMessage().toString()).contains("deadline");
                        assertThat(r.getCompletedAt()).as("answered after its deadline").isAfter(j.getDeadline());
                    }
                    System.out.printf("[batching-it] %d CNN backlog jobs OK (%d ms compute in all); %d tight-deadline jobs "
                            + "DEADLINE_EXCEEDED without running; %d ms in all%n", backlog.size(), backlogComputeMs, tight.size(),
                            System.currentTimeMillis() - started);
                }
            }
        }
    }

    static List<InferenceJob> mlpJobs(Random random, int n) {
        List<InferenceJob> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(SidecarIT.job(DevModels.MLP_MODEL_ID, List.of(SidecarIT.floats("x", random, 1 + i % 3, 16)), Instant.now(),
                    300_000));
        }
        return jobs;
    }

    static InferenceJob cnnJob(Random random, Instant submitted, long deadlineMs) {
        return SidecarIT.job(DevModels.CNN_MODEL_ID,
                List.of(SidecarIT.floats(DevModels.CNN_INPUT, random, 1, 3, DevModels.CNN_HEIGHT, DevModels.CNN_WIDTH)),
                submitted, deadlineMs);
    }

    static List<String> ids(List<InferenceJob> jobs) {
        return jobs.stream().map(j -> j.getJobId().toString()).toList();
    }

    /** All at once: sent without waiting for each acknowledgement, then flushed (key = jobId, as JobSubmitter does). */
    static void sendAll(KafkaProducer<String, SpecificRecord> producer, List<InferenceJob> jobs) {
        for (InferenceJob j : jobs) {
            producer.send(new ProducerRecord<>(TopicCatalog.JOB_REQUESTS.name(), j.getJobId().toString(), j));
        }
        producer.flush();
    }

    static void awaitAnswered(ResultLog results, List<InferenceJob> jobs) {
        List<String> ids = ids(jobs);
        await().atMost(AWAIT).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(results.poll().byJob().keySet()).as("answered jobs").containsAll(ids));
    }

    /** Each job's outputs against a bare ORT run of that job alone; returns the largest difference seen. */
    static double assertEqualToSingleRuns(ResultLog results, List<InferenceJob> jobs, Path models, ModelEntry entry)
            throws Exception {
        Map<String, List<JobResult>> byJob = results.byJob();
        double max = 0;
        try (ReferenceRun reference = new ReferenceRun(models, entry)) {
            for (InferenceJob j : jobs) {
                JobResult r = byJob.get(j.getJobId().toString()).get(0);
                assertThat(r.getStatus()).as("status of " + j.getJobId()).isEqualTo(JobStatus.OK);
                double d = TensorComparison.maxAbsDiff(r.getOutputs(), reference.outputs(j));
                assertThat(d).as("max abs diff of " + j.getJobId()).isLessThanOrEqualTo(1e-6);
                max = Math.max(max, d);
            }
        }
        return max;
    }

    static ModelEntry entry(ModelManifest manifest, String modelId) {
        return manifest.models().stream().filter(e -> e.modelId().equals(modelId)).findFirst().orElseThrow();
    }

    /** A metric's value from the sidecar's /metrics (summed over its label sets). */
    static double metric(SidecarService sidecar, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.httpPort() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        double sum = 0;
        boolean found = false;
        for (String line : r.body().lines().toList()) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        assertThat(found).as(name + " in /metrics").isTrue();
        return sum;
    }
}
