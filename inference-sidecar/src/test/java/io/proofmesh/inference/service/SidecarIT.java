package io.proofmesh.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.proofmesh.inference.jobs.JobResultsView;
import io.proofmesh.inference.jobs.JobSubmitter;
import io.proofmesh.inference.model.DevModels;
import io.proofmesh.inference.model.ModelEntry;
import io.proofmesh.inference.model.ModelManifest;
import io.proofmesh.inference.tensor.OutputDigest;
import io.proofmesh.inference.tensor.TensorCodec;
import io.proofmesh.inference.tensor.TensorComparison;
import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sidecar on the DevStack's real broker, with a real ingest and the real models: jobs from
 * jobs.requests come back through ingest as signed results equal to a direct ONNX Runtime run, and
 * every kind of bad job gets its status instead of a crash.
 */
@Tag("integration")
@DevStackTest
class SidecarIT {

    @Test
    void jobsComeBackSignedThroughIngestEqualToDirectOrtOutputAndBadJobsGetTheirStatus(DevStack stack) throws Exception {
        Path models = Files.createTempDirectory("sidecar-it-models");
        Settings base = FastTestProfile.settings(stack);
        ModelManifest manifest = DevModels.prepare(models, base);
        try (RunningIngest ingest = RunningIngest.start(stack, Map.of())) {
            String keyHex = randomKeyHex();
            MessageSigner node = MessageSigner.fromPrivateKeyHex(keyHex);
            ingest.register(node);
            Map<String, String> s = new LinkedHashMap<>(base.asMap());
            s.put("http.host", "127.0.0.1");
            s.put("http.port", "0");
            s.put(SidecarSettings.INGEST_URL, "http://127.0.0.1:" + ingest.service().port());
            s.put(SidecarSettings.NODE_KEY, keyHex);
            s.put(SidecarSettings.MODELS_DIR, models.toString());
            s.put(SidecarSettings.GROUP, "sidecar-it-" + UUID.randomUUID());
            s.put("inference.device", "auto"); // no CUDA here: falls back to CPU and the results say so
            Settings settings = Settings.of(s);
            KafkaClients kafka = new KafkaClients(settings);
            SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
            Random random = new Random(7);
            Instant now = Instant.now();
            InferenceJob mlp = job("mlp-16x32x4", List.of(floats("x", random, 3, 16)), now, 60_000);
            InferenceJob cnn = job(DevModels.CNN_MODEL_ID, List.of(floats("x", random, 1, 3, 48, 192)), now, 60_000);
            InferenceJob unknown = job("no-such-model", List.of(floats("x", random, 1, 16)), now, 60_000);
            InferenceJob wrongShape = job("mlp-16x32x4", List.of(floats("x", random, 1, 15)), now, 60_000);
            InferenceJob truncated = job("mlp-16x32x4", List.of(truncate(floats("x", random, 1, 16))), now, 60_000);
            InferenceJob expired = job("mlp-16x32x4", List.of(floats("x", random, 1, 16)), now.minusSeconds(10), 1_000);
            Tensor ints = floats("x", random, 1, 16);
            InferenceJob wrongDtype = job("mlp-16x32x4", List.of(Tensor.newBuilder(ints).setDtype(TensorType.INT32).build()),
                    now, 60_000);
            List<InferenceJob> jobs = List.of(mlp, cnn, unknown, wrongShape, truncated, expired, wrongDtype);

            try (SidecarService sidecar = SidecarService.start(settings, m -> System.out.println("[sidecar] " + m));
                 KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("sidecar-it"),
                         new StringSerializer(), new AvroSerializer<>(registry, false));
                 JobResultsView results = new JobResultsView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                         new StringDeserializer(), AvroDeserializer.specific(registry, JobResult.class)),
                         TopicCatalog.JOB_RESULTS.name(), Duration.ofMinutes(5), 10_000).start()) {
                JobSubmitter submitter = new JobSubmitter(producer);
                for (InferenceJob j : jobs) {
                    submitter.submit(j);
                }
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                        assertThat(jobs).allSatisfy(j -> assertThat(results.result(j.getJobId())).as(j.getJobId()).isPresent()));

                for (InferenceJob j : List.of(mlp, cnn)) {
                    JobResult r = results.result(j.getJobId()).orElseThrow();
                    ModelEntry entry = manifest.models().stream().filter(e -> e.modelId().equals(j.getModelId())).findFirst()
                            .orElseThrow();
                    List<Tensor> expected = directRun(models.resolve(entry.file()), j, entry);
                    assertThat(r.getStatus()).as(j.getModelId()).isEqualTo(JobStatus.OK);
                    assertThat(TensorComparison.maxAbsDiff(r.getOutputs(), expected)).as(j.getModelId()).isZero();
                    assertThat(r.getOutputDigest().bytes()).isEqualTo(OutputDigest.of(expected, entry.tolerance()));
                    assertThat(r.getExecutionProvider()).isEqualTo("CPUExecutionProvider");
                    assertThat(r.getNodeId()).isEqualTo(node.address());
                    assertThat(r.getProvenance().getSigner()).isEqualTo(node.address());
                    assertThat(r.getComputeMs()).isNotNegative();
                }
                assertThat(results.result(unknown.getJobId()).orElseThrow().getStatus()).isEqualTo(JobStatus.UNKNOWN_MODEL);
                JobResult shape = results.result(wrongShape.getJobId()).orElseThrow();
                assertThat(shape.getStatus()).isEqualTo(JobStatus.INVALID_INPUT);
                assertThat(shape.getStatusMessage()).contains("WRONG_SHAPE");
                JobResult size = results.result(truncated.getJobId()).orElseThrow();
                assertThat(size.getStatus()).isEqualTo(JobStatus.INVALID_INPUT);
                assertThat(size.getStatusMessage()).contains("WRONG_SIZE");
                assertThat(results.result(expired.getJobId()).orElseThrow().getStatus()).isEqualTo(JobStatus.DEADLINE_EXCEEDED);
                assertThat(results.result(expired.getJobId()).orElseThrow().getOutputs()).isEmpty();
                JobResult dtype = results.result(wrongDtype.getJobId()).orElseThrow();
                assertThat(dtype.getStatus()).isEqualTo(JobStatus.INVALID_INPUT);
                assertThat(dtype.getStatusMessage()).contains("WRONG_DTYPE");
            }

            // A corrupt model file: the sidecar still starts, serves the other model, and answers
            // that model's jobs FAILED with the reason instead of crash-looping.
            Path cnnFile = models.resolve(DevModels.CNN_FILE);
            byte[] bytes = Files.readAllBytes(cnnFile);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(cnnFile, bytes);
            InferenceJob onCorrupt = job(DevModels.CNN_MODEL_ID, List.of(floats("x", random, 1, 3, 48, 192)), Instant.now(), 60_000);
            InferenceJob stillFine = job("mlp-16x32x4", List.of(floats("x", random, 1, 16)), Instant.now(), 60_000);
            try (SidecarService sidecar = SidecarService.start(settings, m -> System.out.println("[sidecar-2] " + m));
                 KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("sidecar-it-2"),
                         new StringSerializer(), new AvroSerializer<>(registry, false));
                 JobResultsView results = new JobResultsView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                         new StringDeserializer(), AvroDeserializer.specific(registry, JobResult.class)),
                         TopicCatalog.JOB_RESULTS.name(), Duration.ofMinutes(5), 10_000).start()) {
                new JobSubmitter(producer).submit(onCorrupt);
                new JobSubmitter(producer).submit(stillFine);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(results.result(onCorrupt.getJobId())).isPresent();
                    assertThat(results.result(stillFine.getJobId())).isPresent();
                });
                JobResult failed = results.result(onCorrupt.getJobId()).orElseThrow();
                assertThat(failed.getStatus()).isEqualTo(JobStatus.FAILED);
                assertThat(failed.getStatusMessage()).contains("CORRUPT_MODEL");
                assertThat(results.result(stillFine.getJobId()).orElseThrow().getStatus()).isEqualTo(JobStatus.OK);
            }
        }
    }

    static InferenceJob job(String model, List<Tensor> inputs, Instant submitted, long deadlineMs) {
        return InferenceJob.newBuilder().setJobId("job-" + UUID.randomUUID()).setModelId(model).setInputs(inputs)
                .setSubmittedAt(submitted).setDeadline(submitted.plusMillis(deadlineMs)).setRequester("sidecar-it").build();
    }

    static Tensor floats(String name, Random random, long... shape) {
        long n = 1;
        List<Long> dims = new ArrayList<>();
        for (long d : shape) {
            n *= d;
            dims.add(d);
        }
        ByteBuffer b = ByteBuffer.allocate((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < n; i++) {
            b.putFloat(random.nextFloat() * 2 - 1);
        }
        return Tensor.newBuilder().setName(name).setDtype(TensorType.FLOAT32).setShape(dims).setData(ByteBuffer.wrap(b.array()))
                .build();
    }

    static Tensor truncate(Tensor t) {
        byte[] all = t.getData().array();
        return Tensor.newBuilder(t).setData(ByteBuffer.wrap(java.util.Arrays.copyOf(all, all.length - 3))).build();
    }

    /** What ONNX Runtime gives for the job's inputs in a session of its own (the reference). */
    static List<Tensor> directRun(Path file, InferenceJob job, ModelEntry entry) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(file.toString(), o)) {
                Map<String, OnnxTensor> feed = new TensorCodec().toOnnxInputs(env, job, entry.inputs());
                try (OrtSession.Result r = session.run(feed)) {
                    List<Tensor> out = new ArrayList<>();
                    for (var spec : entry.outputs()) {
                        out.add(TensorCodec.fromOnnx(spec.name(), r.get(spec.name()).orElseThrow()));
                    }
                    return out;
                } finally {
                    OnnxValue.close(feed.values());
                }
            }
        }
    }

    static String randomKeyHex() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        k[0] = (byte) (1 + (k[0] & 0x3f));
        return HexFormat.of().formatHex(k);
    }
}
