package io.proofmesh.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proofmesh.inference.jobs.JobSubmitter;
import io.proofmesh.inference.model.DevModels;
import io.proofmesh.inference.model.ModelEntry;
import io.proofmesh.inference.model.ModelManifest;
import io.proofmesh.inference.tensor.OutputDigest;
import io.proofmesh.inference.tensor.TensorComparison;
import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.ChildJvm;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * At-least-once plus dedupe across a crash, on the DevStack's real broker with a real ingest and
 * the real MLP: a sidecar in its own JVM is SIGKILLed while a steady stream of jobs flows (some
 * answered, more still coming) and restarted in the same consumer group with the same node key.
 * Every job must end with an OK result equal to a direct ONNX Runtime run; the jobs whose offsets
 * the killed sidecar had not committed are run again (answered twice on the topic), and keeping
 * the first result per jobId, as the scoring processor does, leaves exactly one per job.
 */
@Tag("integration")
@DevStackTest
class SidecarCrashIT {

    static final int JOBS = 200;
    static final int MAX_IN_FLIGHT = 16;
    /** Results seen before the kill: more than a sidecar can hold uncommitted (MAX_IN_FLIGHT + one poll). */
    static final int KILL_AFTER = 60;
    static final Duration AWAIT = Duration.ofSeconds(90);

    @Test
    void aSidecarKilledAndRestartedLosesNoJobAndAnswersNoneTwiceAfterDedupe(DevStack stack) throws Exception {
        long started = System.currentTimeMillis();
        Path models = Files.createTempDirectory("sidecar-crash-models");
        Settings base = FastTestProfile.settings(stack);
        ModelManifest manifest = DevModels.prepare(models, base);
        ModelEntry mlp = manifest.models().stream().filter(e -> e.modelId().equals(DevModels.MLP_MODEL_ID)).findFirst()
                .orElseThrow();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String group = "sidecar-crash-it-" + run;
        Path logs = Path.of("target", "sidecar-crash-it");

        try (RunningIngest ingest = RunningIngest.start(stack, Map.of())) {
            String keyHex = SidecarIT.randomKeyHex();
            MessageSigner node = MessageSigner.fromPrivateKeyHex(keyHex);
            ingest.register(node);
            // The key goes to the child by file, never on its command line.
            Path keyFile = Files.createTempFile("sidecar-crash-key", ".hex");
            Files.writeString(keyFile, keyHex, StandardCharsets.US_ASCII);
            Map<String, String> s = new LinkedHashMap<>(base.asMap());
            s.put("http.host", "127.0.0.1");
            s.put("http.port", "0");
            s.put(SidecarSettings.INGEST_URL, "http://127.0.0.1:" + ingest.service().port());
            s.put(SidecarSettings.NODE_KEY_FILE, keyFile.toString());
            s.put(SidecarSettings.MODELS_DIR, models.toString());
            s.put(SidecarSettings.GROUP, group);
            s.put(SidecarSettings.MAX_IN_FLIGHT, Integer.toString(MAX_IN_FLIGHT));
            Settings settings = Settings.of(s);
            KafkaClients kafka = new KafkaClients(settings);
            SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());

            Random random = new Random(11);
            List<InferenceJob> jobs = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                // 1 to 3 rows: batches stack jobs of different sizes and must split them back.
                jobs.add(SidecarIT.job(DevModels.MLP_MODEL_ID, List.of(SidecarIT.floats("x", random, 1 + i % 3, 16)),
                        Instant.now(), 300_000));
            }

            long killedAt;
            int answeredAtKill;
            int submittedAtKill;
            Map<TopicPartition, Long> ends;
            ChildJvm child = null;
            AtomicInteger submitted = new AtomicInteger();
            AtomicReference<Throwable> feedFailure = new AtomicReference<>();
            try (ResultLog results = new ResultLog(kafka, registry);
                 KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("sidecar-crash-it"),
                         new StringSerializer(), new AvroSerializer<>(registry, false))) {
                results.watch(jobs.stream().map(j -> j.getJobId().toString()).toList());
                JobSubmitter submitter = new JobSubmitter(producer);
                child = startSidecar(settings, logs.resolve("first-" + run + ".log"));
                long firstReady = System.currentTimeMillis();

                // A steady stream, one job every 20 ms, that keeps flowing through the kill and the restart.
                Thread feed = new Thread(() -> {
                    try {
                        for (InferenceJob j : jobs) {
                            submitter.submit(j);
                            submitted.incrementAndGet();
                            Thread.sleep(20);
                        }
                    } catch (Throwable t) {
                        feedFailure.set(t);
                    }
                }, "crash-it-feed");
                feed.start();
                try {
                    await().atMost(AWAIT).pollInterval(Duration.ofMillis(10))
                            .until(() -> results.poll().answered() >= KILL_AFTER || feedFailure.get() != null);
                    assertThat(feedFailure.get()).as("feed failure").isNull();
                    answeredAtKill = results.answered();
                    submittedAtKill = submitted.get();
                    int exitCode = child.kill9();
                    killedAt = System.currentTimeMillis();
                    System.out.printf("[crash-it] first sidecar ready after %d ms; killed %d ms later with %d of %d jobs "
                                    + "answered and %d submitted (exit %d)%n", firstReady - started, killedAt - firstReady,
                            answeredAtKill, JOBS, submittedAtKill, exitCode);
                    assertThat(answeredAtKill).as("jobs answered before the kill").isLessThan(JOBS);

                    child = startSidecar(settings, logs.resolve("restart-" + run + ".log"));
                    long restarted = System.currentTimeMillis();
                    System.out.printf("[crash-it] restarted sidecar ready %d ms after the kill%n", restarted - killedAt);
                    feed.join(AWAIT.toMillis());
                    assertThat(feedFailure.get()).as("feed failure").isNull();
                    assertThat(submitted.get()).isEqualTo(JOBS);

                    await().atMost(AWAIT).pollInterval(Duration.ofMillis(10))
                            .untilAsserted(() -> assertThat(results.poll().answered()).as("jobs answered").isEqualTo(JOBS));
                    System.out.printf("[crash-it] all %d jobs answered %d ms after the restart%n", JOBS,
                            System.currentTimeMillis() - restarted);
                    // Offsets are committed after ingest's 202: the group reaches the end of what was submitted.
                    ends = GroupOffsets.requestEnds(kafka);
                    await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                            assertThat(GroupOffsets.behind(kafka, group, ends)).as("partitions behind").isEmpty());
                    child.stop();
                } finally {
                    feed.interrupt();
                    if (child != null) {
                        child.close();
                    }
                }
                results.readToEnd(AWAIT);

                Map<String, List<JobResult>> byJob = results.byJob();
                assertThat(byJob.keySet()).as("jobs with a result")
                        .containsExactlyInAnyOrderElementsOf(jobs.stream().map(j -> j.getJobId().toString()).toList());
                int twice = 0;
                int beforeKill = 0;
                int compared = 0;
                try (ReferenceRun reference = new ReferenceRun(models, mlp)) {
                    for (InferenceJob j : jobs) {
                        String id = j.getJobId().toString();
                        List<JobResult> answers = byJob.get(id);
                        // One crash: a job is run at most once by each sidecar.
                        assertThat(answers).as("results of " + id).hasSizeBetween(1, 2);
                        if (answers.get(0).getCompletedAt().toEpochMilli() < killedAt) {
                            beforeKill++;
                        }
                        if (answers.size() == 2) {
                            twice++;
                            // Re-run only work the killed sidecar had done but not committed: the
                            // first answer is from before the kill, the second from the restart.
                            assertThat(answers.get(0).getCompletedAt().toEpochMilli()).as("first answer of " + id)
                                    .isLessThan(killedAt);
                            assertThat(answers.get(1).getCompletedAt().toEpochMilli()).as("second answer of " + id)
                                    .isGreaterThan(killedAt);
                        }
                        List<Tensor> expected = reference.outputs(j);
                        for (JobResult r : answers) {
                            assertThat(r.getStatus()).as("status of " + id).isEqualTo(JobStatus.OK);
                            assertThat(r.getNodeId().toString()).isEqualTo(node.address());
                            assertThat(r.getProvenance().getSigner().toString()).isEqualTo(node.address());
                            assertThat(TensorComparison.maxAbsDiff(r.getOutputs(), expected)).as("outputs of " + id).isZero();
                            assertThat(r.getOutputDigest().bytes()).isEqualTo(OutputDigest.of(expected, mlp.tolerance()));
                            compared++;
                        }
                    }
                }
                // Dedupe as the scoring processor does: the first result per jobId.
                Map<String, JobResult> firstPerJob = new LinkedHashMap<>();
                byJob.forEach((id, answers) -> firstPerJob.putIfAbsent(id, answers.get(0)));
                assertThat(firstPerJob).hasSize(JOBS);
                assertThat(firstPerJob.values()).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(JobStatus.OK));
                // Offsets were committed while the killed sidecar ran, not only at a clean close: of the
                // jobs it answered, only those still uncommitted at the kill were run again.
                assertThat(beforeKill).as("jobs answered before the kill").isGreaterThanOrEqualTo(answeredAtKill);
                assertThat(twice).as("jobs answered twice").isLessThan(beforeKill);
                System.out.printf("[crash-it] %d jobs, %d results (all compared exactly with a direct ORT run); %d answered "
                                + "by the killed sidecar, %d of them answered twice (re-run after the kill), %d after dedupe "
                                + "by jobId; %d ms in all%n",
                        JOBS, compared, beforeKill, twice, firstPerJob.size(), System.currentTimeMillis() - started);
            }
        }
    }

    /** The settings must not hold a secret: the node key goes by file ({@code sidecar.node-key-file}). */
    private static ChildJvm startSidecar(Settings settings, Path log) throws Exception {
        return ChildJvm.builder(SidecarMain.class).name("sidecar").maxHeap("384m").settings(settings).log(log).start(AWAIT);
    }
}
