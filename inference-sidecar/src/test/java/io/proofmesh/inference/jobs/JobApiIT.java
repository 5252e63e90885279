package io.proofmesh.inference.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.http.ServiceHttpServer;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.platform.topics.CatalogBootstrap;
import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The job API on the DevStack's real broker: a submitted job is in jobs.requests; a result in jobs.results is served. */
@Tag("integration")
@DevStackTest
class JobApiIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void submittedJobsReachKafkaAndResultsAreServedOnceIngestHasThem(DevStack stack) throws Exception {
        Settings s = FastTestProfile.settings(stack);
        KafkaClients kafka = new KafkaClients(s);
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        CatalogBootstrap.run(kafka, registry, CommonSettings.from(s).topics(), Duration.ofSeconds(30));
        PrometheusMeterRegistry meters = ServiceHttpServer.newMeterRegistry("jobs-it");
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("jobs-it"),
                     new StringSerializer(), new AvroSerializer<>(registry, false));
             JobResultsView view = new JobResultsView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                     new StringDeserializer(), AvroDeserializer.specific(registry, JobResult.class)),
                     TopicCatalog.JOB_RESULTS.name(), Duration.ofHours(1), 10_000).start();
             ServiceHttpServer http = ServiceHttpServer.start("jobs-it", "127.0.0.1", 0, meters,
                     cfg -> new JobRoutes(new JobSubmitter(producer), view, Clock.systemUTC(), meters).register(cfg))) {
            String base = "http://127.0.0.1:" + http.port();
            byte[] x = new byte[16 * 4];
            x[0] = 0x3f; // some bytes; the API checks encoding, the sidecar checks fit
            String body = "{\"modelId\":\"mlp-16x32x4\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"FLOAT32\",\"shape\":[1,16],"
                    + "\"data\":\"" + Base64.getEncoder().encodeToString(x) + "\"}],\"deadlineMs\":20000}";
            HttpResponse<String> r = post(base + "/v1/jobs", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode accepted = JSON.readTree(r.body());
            String jobId = accepted.path("jobId").asText();

            // The job is in jobs.requests, keyed by its id, with the tensor as sent.
            List<InferenceJob> jobs = new ArrayList<>();
            try (KafkaConsumer<String, InferenceJob> c = new KafkaConsumer<>(kafka.consumerConfig(null),
                    new StringDeserializer(), AvroDeserializer.specific(registry, InferenceJob.class))) {
                RecordPolling.readToEnd(c, List.of(TopicCatalog.JOB_REQUESTS.name()), Duration.ofSeconds(30), rec -> {
                    if (jobId.equals(rec.key())) {
                        jobs.add(rec.value());
                    }
                });
            }
            assertThat(jobs).singleElement().satisfies(j -> {
                assertThat(j.getModelId()).isEqualTo("mlp-16x32x4");
                assertThat(j.getInputs().get(0).getData().get(0)).isEqualTo((byte) 0x3f);
                assertThat(j.getDeadline()).isAfter(j.getSubmittedAt());
            });

            // No result yet: 404 with a code; then one appears in jobs.results (as ingest writes it).
            assertThat(get(base + "/v1/jobs/" + jobId).statusCode()).isEqualTo(404);
            producer.send(new ProducerRecord<>(TopicCatalog.JOB_RESULTS.name(), "0x" + "a".repeat(40), result(jobId))).get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(base + "/v1/jobs/" + jobId).statusCode())
                    .isEqualTo(200));
            JsonNode got = JSON.readTree(get(base + "/v1/jobs/" + jobId).body());
            assertThat(got.path("status").asText()).isEqualTo("OK");
            assertThat(got.path("outputs").get(0).path("data").asText())
                    .isEqualTo(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4}));
            assertThat(got.path("provenance").has("signedBody")).isFalse();

            // Mistakes get their code; the metric counts them.
            HttpResponse<String> bad = post(base + "/v1/jobs", "{\"modelId\":\"m\",\"inputs\":[]}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("code").asText()).isEqualTo("BAD_FIELD");
            assertThat(get(base + "/v1/jobs/..%2F").statusCode()).isIn(400, 404);
            assertThat(get(base + "/metrics").body()).contains("proofmesh_jobs_api_requests_total");
        }
    }

    static JobResult result(String jobId) {
        return JobResult.newBuilder().setJobId(jobId).setNodeId("0x" + "a".repeat(40)).setModelId("mlp-16x32x4").setSeq(1)
                .setEventIndex(0).setSentAt(Instant.now()).setStatus(JobStatus.OK).setStatusMessage(null)
                .setOutputs(List.of(Tensor.newBuilder().setName("probabilities").setDtype(TensorType.FLOAT32)
                        .setShape(List.of(1L)).setData(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})).build()))
                .setOutputsTruncated(false).setOutputDigest(new Bytes32(new byte[32])).setQueueMs(1).setComputeMs(2)
                .setExecutionProvider("CPUExecutionProvider").setCompletedAt(Instant.now())
                .setProvenance(Provenance.newBuilder().setSigner("0x" + "a".repeat(40)).setSignature(ByteBuffer.allocate(65))
                        .setSignedBody(ByteBuffer.wrap("{}".getBytes())).setBodyDigest(new Bytes32(new byte[32]))
                        .setReceivedAt(Instant.now()).setIngestId("ingest-it").build())
                .build();
    }

    static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
