package io.proofmesh.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proofmesh.ingest.protocol.NodeDirectory;
import io.proofmesh.ingest.registry.NodeRegistrar;
import io.proofmesh.ingest.registry.NodeRegistryView;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.http.ServiceHttpServer;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.platform.topics.TopicBootstrap;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API on a real broker and registry: what it writes is what the live view (ingest's directory) sees. */
@DevStackTest
class AdminRoutesIT {

    private static final String TOKEN = "test-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KafkaProducer<String, org.apache.avro.specific.SpecificRecord> producer;
    private static NodeRegistryView view;
    private static ServiceHttpServer server;

    @BeforeAll
    static void start(DevStack stack) throws Exception {
        KafkaClients kafka = new KafkaClients(FastTestProfile.settings(stack));
        TopicSpec base = TopicCatalog.NODES_REGISTRY;
        TopicSpec spec = new TopicSpec("admin-it-" + UUID.randomUUID(), base.keyFormat(), base.valueClass(),
                base.valueSchema(), 3, base.cleanupPolicy(), base.retention(), base.timestampType(), null, "test");
        try (Admin admin = kafka.admin()) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(List.of(spec));
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        view = new NodeRegistryView(() -> new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(registry, NodeRegistration.class)), spec.name(), new SimpleMeterRegistry()).start();
        view.awaitCaughtUp(Duration.ofSeconds(30));
        producer = new KafkaProducer<>(kafka.producerConfig("admin-it"), new StringSerializer(),
                new AvroSerializer<>(registry, false));
        AdminRoutes routes = new AdminRoutes(AdminToken.of(TOKEN), new NodeRegistrar(producer, spec.name(), view,
                Clock.systemUTC()), view);
        server = ServiceHttpServer.start("ingest", "127.0.0.1", 0, ServiceHttpServer.newMeterRegistry("ingest"), routes::mount);
    }

    @AfterAll
    static void stop() {
        server.close();
        view.close();
        producer.close();
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String registration(String nodeId, String payout) {
        return "{\"nodeId\":\"" + nodeId + "\",\"payoutAddress\":\"" + payout + "\","
                + "\"operatorAddress\":\"0x00000000000000000000000000000000000000bb\",\"region\":\"eu-west\","
                + "\"probeEndpoint\":\"http://127.0.0.1:9/probe\",\"declaredCapacity\":{\"gpuModel\":\"L4\",\"gpuCount\":1,"
                + "\"gpuMemoryMb\":24576,\"cpuCores\":8,\"memoryMb\":32768,\"maxConcurrentJobs\":4}}";
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void withoutTheRightBearerTokenNothingIsReadOrWritten() throws Exception {
        String node = MessageSigner.generate().address();
        for (String token : new String[] {null, "wrong-token-wrong-token", TOKEN + "x"}) {
            HttpResponse<String> r = call("POST", "/v1/admin/nodes", token, registration(node, "0x00000000000000000000000000000000000000aa"));
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r).path("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        }
        assertThat(call("GET", "/v1/admin/nodes", null, null).statusCode()).isEqualTo(401);
        assertThat(view.find(node)).isEmpty();
    }

    @Test
    void registerSuspendAndActivateTakeEffectInTheLiveDirectory() throws Exception {
        String node = MessageSigner.generate().address();
        HttpResponse<String> created = call("POST", "/v1/admin/nodes", TOKEN, registration(node, "0x00000000000000000000000000000000000000aa"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("status").asText()).isEqualTo("ACTIVE");
        assertThat(json(created).path("signingAddress").asText()).isEqualTo(node);
        assertThat(view.find(node)).contains(new NodeDirectory.Entry(node, NodeStatus.ACTIVE));

        HttpResponse<String> suspended = call("POST", "/v1/admin/nodes/" + node + "/suspend", TOKEN, "{\"reason\":\"forged telemetry\"}");
        assertThat(suspended.statusCode()).isEqualTo(200);
        assertThat(view.find(node).map(NodeDirectory.Entry::status)).contains(NodeStatus.SUSPENDED);

        // Re-registering (e.g. a new payout address) keeps the suspension and the registration time.
        HttpResponse<String> updated = call("POST", "/v1/admin/nodes", TOKEN, registration(node, "0x00000000000000000000000000000000000000cc"));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(json(updated).path("payoutAddress").asText()).endsWith("cc");
        assertThat(json(updated).path("registeredAt").asLong()).isEqualTo(json(created).path("registeredAt").asLong());

        assertThat(call("POST", "/v1/admin/nodes/" + node + "/activate", TOKEN, null).statusCode()).isEqualTo(200);
        assertThat(view.find(node).map(NodeDirectory.Entry::status)).contains(NodeStatus.ACTIVE);
        assertThat(json(call("GET", "/v1/admin/nodes/" + node, TOKEN, null)).path("statusReason").isMissingNode()).isTrue();
        assertThat(json(call("GET", "/v1/admin/nodes", TOKEN, null)).findValuesAsText("nodeId")).contains(node);
    }

    @Test
    void badRegistrationsAreRefusedNamingTheField() throws Exception {
        String node = MessageSigner.generate().address();
        String good = registration(node, "0x00000000000000000000000000000000000000aa");
        record Case(String body, String field) { }
        List<Case> cases = List.of(
                new Case(good.replace(node, node.toUpperCase().replace("0X", "0x")), "/nodeId"),
                new Case(good.replace("0x00000000000000000000000000000000000000aa", "0x" + "0".repeat(40)), "/payoutAddress"),
                new Case(good.replace("\"eu-west\"", "\"EU West\""), "/region"),
                new Case(good.replace("http://127.0.0.1:9/probe", "ftp://x/probe"), "/probeEndpoint"),
                new Case(good.replace("\"gpuCount\":1", "\"gpuCount\":-1"), "/declaredCapacity/gpuCount"),
                new Case(good.replace("\"cpuCores\":8", "\"cpuCores\":8.5"), "/declaredCapacity/cpuCores"),
                new Case(good.replace("{\"nodeId\"", "{\"extra\":1,\"nodeId\""), "/extra"),
                new Case(good.replace("\"region\":\"eu-west\",", ""), "/region"));
        for (Case c : cases) {
            HttpResponse<String> r = call("POST", "/v1/admin/nodes", TOKEN, c.body());
            assertThat(r.statusCode()).as(c.field()).isEqualTo(400);
            assertThat(json(r).path("code").asText()).isEqualTo("INVALID_REGISTRATION");
            assertThat(json(r).path("field").asText()).isEqualTo(c.field());
        }
        assertThat(call("POST", "/v1/admin/nodes", TOKEN, "{not json").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/v1/admin/nodes/" + MessageSigner.generate().address() + "/suspend", TOKEN, null).statusCode())
                .isEqualTo(404);
        assertThat(call("POST", "/v1/admin/nodes/NOT-AN-ADDRESS/suspend", TOKEN, null).statusCode()).isEqualTo(400);
        assertThat(view.find(node)).isEmpty();
    }
}
