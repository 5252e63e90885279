package io.proofmesh.inference.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proofmesh.inference.jobs.JobSubmitter;
import io.proofmesh.inference.model.DevModels;
import io.proofmesh.inference.service.SidecarService;
import io.proofmesh.inference.service.SidecarSettings;
import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The verifier on the DevStack's real broker with a real ingest: an honest sidecar and a
 * dishonest one (same modelId, a perturbed MLP) split jobs.requests; the verifier re-executes a
 * secret-seeded 50 % sample plus every canary it injected. The honest node only ever gets MATCH,
 * the dishonest node is caught within the stated bound of its own results, canaries are verified
 * and flagged, and every verdict is keyed by its nodeId.
 */
@Tag("integration")
@DevStackTest
class VerifierIT {

    static final int SAMPLE_PPM = 500_000;
    static final double DELTA = 1e-6;
    static final int JOBS = 40;

    @Test
    void dishonestNodeIsCaughtWithinTheBoundWhileTheHonestOneOnlyMatches(DevStack stack) throws Exception {
        Settings base = FastTestProfile.settings(stack);
        Path root = Files.createTempDirectory("verifier-it");
        DevModels.prepare(root.resolve("honest"), base);
        DishonestModels.prepare(root.resolve("dishonest"), base);
        DevModels.prepare(root.resolve("verifier"), base);
        long bound = DetectionBound.resultsBeforeCaught(SAMPLE_PPM / 1e6, DELTA);
        assertThat(bound).isEqualTo(20);

        try (RunningIngest ingest = RunningIngest.start(stack, Map.of())) {
            String honestKey = randomKeyHex();
            String dishonestKey = randomKeyHex();
            MessageSigner honest = MessageSigner.fromPrivateKeyHex(honestKey);
            MessageSigner dishonest = MessageSigner.fromPrivateKeyHex(dishonestKey);
            ingest.register(honest);
            ingest.register(dishonest);
            String group = "verifier-it-sidecars-" + UUID.randomUUID();
            Settings honestSettings = sidecar(base, ingest, honestKey, root.resolve("honest"), group);
            Settings dishonestSettings = sidecar(base, ingest, dishonestKey, root.resolve("dishonest"), group);
            Map<String, String> v = new LinkedHashMap<>(base.asMap());
            v.put("http.host", "127.0.0.1");
            v.put("http.port", "0");
            v.put(VerifierSettings.MODELS_DIR, root.resolve("verifier").toString());
            v.put(VerifierSettings.SAMPLE_PPM, Integer.toString(SAMPLE_PPM));
            v.put(VerifierSettings.SEED, randomKeyHex());
            v.put(VerifierSettings.GROUP, "verifier-it-" + UUID.randomUUID());
            v.put(VerifierSettings.CANARY_INTERVAL, "400ms");
            v.put(VerifierSettings.ID, "verifier-it");
            Settings verifierSettings = Settings.of(v);
            KafkaClients kafka = new KafkaClients(base);
            SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());

            try (SidecarService h = SidecarService.start(honestSettings, m -> System.out.println("[honest] " + m));
                 SidecarService d = SidecarService.start(dishonestSettings, m -> System.out.println("[dishonest] " + m));
                 VerifierService verifier = VerifierService.start(verifierSettings, m -> System.out.println("[verifier] " + m));
                 KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("verifier-it"),
                         new StringSerializer(), new AvroSerializer<>(registry, false));
                 Admin admin = kafka.admin();
                 Consumer<String, JobResult> resultsReader = new KafkaConsumer<>(kafka.consumerConfig(null),
                         new StringDeserializer(), AvroDeserializer.specific(registry, JobResult.class));
                 Consumer<String, JobVerification> verdictReader = new KafkaConsumer<>(kafka.consumerConfig(null),
                         new StringDeserializer(), AvroDeserializer.specific(registry, JobVerification.class))) {
                // both sidecars own part of jobs.requests before any job is sent
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                    return g.members().size() == 2
                            && g.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                });

                JobSubmitter submitter = new JobSubmitter(producer);
                Random random = new Random(11);
                List<String> requesters = List.of("team-a", "team-b", "lab-7");
                List<String> realJobs = new ArrayList<>();
                for (int i = 0; i < JOBS; i++) {
                    Instant now = Instant.now();
                    InferenceJob job = InferenceJob.newBuilder().setJobId("job-" + UUID.randomUUID())
                            .setModelId(DevModels.MLP_MODEL_ID).setInputs(List.of(floats(random, 1 + random.nextInt(3), 16)))
                            .setSubmittedAt(now).setDeadline(now.plusSeconds(120 + random.nextInt(60)))
                            .setRequester(requesters.get(random.nextInt(requesters.size()))).build();
                    submitter.submit(job);
                    realJobs.add(job.getJobId());
                    Thread.sleep(100);
                }

                List<JobResult> results = new CopyOnWriteArrayList<>();
                List<ConsumerRecord<String, JobVerification>> verdicts = new CopyOnWriteArrayList<>();
                assignAll(resultsReader, TopicCatalog.JOB_RESULTS.name());
                assignAll(verdictReader, TopicCatalog.JOB_VERIFICATIONS.name());
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    RecordPolling.poll(resultsReader, Duration.ofMillis(200)).forEach(r -> results.add(r.value()));
                    RecordPolling.poll(verdictReader, Duration.ofMillis(200)).forEach(verdicts::add);
                    Set<String> answered = results.stream().map(JobResult::getJobId).collect(Collectors.toSet());
                    assertThat(answered).containsAll(realJobs);
                    assertThat(verdicts).anySatisfy(r -> {
                        assertThat(r.value().getNodeId()).isEqualTo(dishonest.address());
                        assertThat(r.value().getVerdict()).isEqualTo(Verdict.MISMATCH);
                    });
                    assertThat(verdicts).anySatisfy(r -> assertThat(r.value().getCanary()).isTrue());
                    assertThat(verdicts).anySatisfy(r -> assertThat(r.value().getNodeId()).isEqualTo(honest.address()));
                });

                // every verdict is keyed by the node it judges
                assertThat(verdicts).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getNodeId()));
                assertThat(verdicts).allSatisfy(r -> assertThat(r.value().getVerifierId()).isEqualTo("verifier-it"));
                // This test's jobs and canaries only: the sidecars' fresh group also answers jobs other
                // tests left in jobs.requests earlier in this JVM (other models, other tolerances).
                // Canaries copy recent real jobs, which may be those other tests' CNN jobs: only the MLP is
                // falsified by the dishonest node, so the verdicts judged here are the MLP ones.
                List<JobVerification> all = verdicts.stream().map(ConsumerRecord::value)
                        .filter(x -> realJobs.contains(x.getJobId()) || verifier.isCanary(x.getJobId()))
                        .filter(x -> x.getModelId().equals("mlp-16x32x4")).toList();

                // the honest node: only MATCH, within the MLP's tolerance
                List<JobVerification> ofHonest = all.stream().filter(x -> x.getNodeId().equals(honest.address())).toList();
                assertThat(ofHonest).isNotEmpty().allSatisfy(x -> {
                    assertThat(x.getVerdict()).isEqualTo(Verdict.MATCH);
                    assertThat(x.getMaxAbsDiff()).isLessThanOrEqualTo(DevModels.MLP_TOLERANCE);
                    assertThat(x.getTolerance()).isEqualTo(DevModels.MLP_TOLERANCE);
                });

                // the dishonest node: every verdict MISMATCH, the first within `bound` of its own results
                List<JobVerification> ofDishonest = all.stream().filter(x -> x.getNodeId().equals(dishonest.address())).toList();
                assertThat(ofDishonest).isNotEmpty().allSatisfy(x -> {
                    assertThat(x.getVerdict()).isEqualTo(Verdict.MISMATCH);
                    assertThat(x.getMaxAbsDiff()).isGreaterThan(DevModels.MLP_TOLERANCE);
                });
                Set<String> caughtOn = ofDishonest.stream().map(JobVerification::getJobId).collect(Collectors.toSet());
                List<JobResult> dishonestResults = results.stream().filter(r -> r.getNodeId().equals(dishonest.address()))
                        .filter(r -> realJobs.contains(r.getJobId()) || verifier.isCanary(r.getJobId()))
                        .filter(r -> r.getModelId().equals("mlp-16x32x4"))
                        .sorted(Comparator.comparingLong(JobResult::getSeq).thenComparingInt(JobResult::getEventIndex)).toList();
                int firstCaught = -1;
                for (int i = 0; i < dishonestResults.size(); i++) {
                    if (caughtOn.contains(dishonestResults.get(i).getJobId())) {
                        firstCaught = i + 1;
                        break;
                    }
                }
                System.out.printf("[verifier-it] dishonest node: %d results, first MISMATCH at result #%d (bound %d at p=%.2f, δ=%g);"
                                + " honest node: %d verdicts, all MATCH; %d canary verdicts%n", dishonestResults.size(), firstCaught,
                        bound, SAMPLE_PPM / 1e6, DELTA, ofHonest.size(), all.stream().filter(JobVerification::getCanary).count());
                assertThat(firstCaught).isBetween(1, (int) bound);

                // canaries: flagged exactly when the job was one of the verifier's canaries, and never a real job
                assertThat(all).allSatisfy(x -> assertThat(x.getCanary()).as(x.getJobId()).isEqualTo(verifier.isCanary(x.getJobId())));
                assertThat(all.stream().filter(JobVerification::getCanary).map(JobVerification::getJobId)).doesNotContainAnyElementsOf(realJobs);

                // and the metrics say the same
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + verifier.httpPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).containsPattern("proofmesh_verifier_verifications_total\\{[^}]*verdict=\"MISMATCH\"[^}]*\\} [1-9]");
                assertThat(metrics).contains("proofmesh_verifier_canaries_injected_total");
            }
        }
    }

    static Settings sidecar(Settings base, RunningIngest ingest, String keyHex, Path models, String group) {
        Map<String, String> s = new LinkedHashMap<>(base.asMap());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put(SidecarSettings.INGEST_URL, "http://127.0.0.1:" + ingest.service().port());
        s.put(SidecarSettings.NODE_KEY, keyHex);
        s.put(SidecarSettings.MODELS_DIR, models.toString());
        s.put(SidecarSettings.GROUP, group);
        return Settings.of(s);
    }

    static <V> void assignAll(Consumer<String, V> c, String topic) {
        List<TopicPartition> tps = new ArrayList<>();
        c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
        c.assign(tps);
        c.seekToBeginning(tps);
    }

    static Tensor floats(Random random, long rows, long cols) {
        ByteBuffer b = ByteBuffer.allocate((int) (rows * cols * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < rows * cols; i++) {
            b.putFloat(random.nextFloat() * 2 - 1);
        }
        return Tensor.newBuilder().setName("x").setDtype(TensorType.FLOAT32).setShape(List.of(rows, cols))
                .setData(ByteBuffer.wrap(b.array())).build();
    }

    static String randomKeyHex() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        k[0] = (byte) (1 + (k[0] & 0x3f));
        return HexFormat.of().formatHex(k);
    }
}
