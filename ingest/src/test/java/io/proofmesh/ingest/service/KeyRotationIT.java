package io.proofmesh.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.ingest.gateway.KeyRotationEndpoint;
import io.proofmesh.ingest.gateway.RateLimiter;
import io.proofmesh.ingest.registry.KeyRotationVerifier;
import io.proofmesh.ingest.registry.NodeRegistrar;
import io.proofmesh.ingest.registry.NodeRegistryView;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.http.ServiceHttpServer;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.protocol.KeyRotationMessage;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.platform.testing.TopicReader;
import io.proofmesh.schemas.registry.KeyRotation;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Key rotation end to end on the DevStack: a node registered with an operator address sends
 * telemetry with its original key; the operator rotates the key over HTTP (no admin token);
 * from then on the new key is accepted and the old one refused with SIGNER_MISMATCH; a replay
 * of the rotation and a rotation not signed by the operator are refused; the stored record on
 * nodes.registry re-verifies against the operator from the topic alone.
 */
@DevStackTest
class KeyRotationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningIngest running;
    private static DevStack stack;

    @BeforeAll
    static void start(DevStack devStack) throws Exception {
        stack = devStack;
        running = RunningIngest.start(stack, Map.of());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static byte[] heartbeat(String nodeId, long seq) {
        return ("{\"v\":1,\"network\":\"proofmesh-devnet\",\"chainId\":31337,\"nodeId\":\"" + nodeId + "\",\"seq\":" + seq
                + ",\"sentAt\":" + System.currentTimeMillis() + ",\"events\":[{\"kind\":\"heartbeat\",\"uptimeSeconds\":600,"
                + "\"cpuLoadPpm\":250000,\"gpuLoadPpm\":730000,\"activeJobs\":2,\"agentVersion\":\"it/1\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> rotate(String nodeId, byte[] body) throws Exception {
        return running.post("/v1/nodes/" + nodeId + "/key-rotation", "application/json", body, Map.of());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void afterARotationTheNewKeyIsAcceptedAndTheOldOneRefused() throws Exception {
        MessageSigner operator = MessageSigner.generate();
        MessageSigner original = MessageSigner.generate();
        MessageSigner next = MessageSigner.generate();
        String node = original.address();
        running.register(original, operator.address());
        HttpResponse<String> before = running.send(original, heartbeat(node, 1));
        assertThat(before.statusCode()).as(before.body()).isEqualTo(202);

        KeyRotationMessage m = new KeyRotationMessage("proofmesh-devnet", 31337, node, node, next.address(),
                System.currentTimeMillis());
        byte[] body = m.requestBody(operator.signPersonal(m.signedMessage()), next.signPersonal(m.signedMessage()));
        HttpResponse<String> rotated = rotate(node, body);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(json(rotated).path("signingAddress").asText()).isEqualTo(next.address());
        assertThat(json(rotated).path("keyRotation").path("previousSigningAddress").asText()).isEqualTo(node);
        assertThat(json(rotated).path("keyRotation").path("rotatedAt").asLong()).isEqualTo(m.issuedAt());

        // The write waited for this instance's registry view: the very next request sees the new key.
        HttpResponse<String> byNewKey = running.send(next, heartbeat(node, 2));
        assertThat(byNewKey.statusCode()).as(byNewKey.body()).isEqualTo(202);
        HttpResponse<String> byOldKey = running.send(original, heartbeat(node, 3));
        assertThat(byOldKey.statusCode()).isEqualTo(401);
        assertThat(json(byOldKey).path("code").asText()).isEqualTo("SIGNER_MISMATCH");

        HttpResponse<String> replay = rotate(node, body);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
        assertThat(json(replay).path("code").asText()).isEqualTo("STALE_ROTATION");
        assertThat(json(replay).path("field").asText()).isEqualTo("/previousSigningAddress");

        MessageSigner stranger = MessageSigner.generate();
        MessageSigner third = MessageSigner.generate();
        KeyRotationMessage hijack = new KeyRotationMessage("proofmesh-devnet", 31337, node, next.address(), third.address(),
                System.currentTimeMillis());
        HttpResponse<String> notOperator = rotate(node, hijack.requestBody(stranger.signPersonal(hijack.signedMessage()),
                third.signPersonal(hijack.signedMessage())));
        assertThat(notOperator.statusCode()).isEqualTo(401);
        assertThat(json(notOperator).path("code").asText()).isEqualTo("OPERATOR_SIGNATURE_INVALID");
        assertThat(running.send(next, heartbeat(node, 4)).statusCode()).isEqualTo(202); // the key did not move

        // Updating the registration (no signingAddress in the body) keeps the rotated key.
        HttpResponse<String> reRegistered = running.admin("/v1/admin/nodes", "{\"nodeId\":\"" + node + "\","
                + "\"payoutAddress\":\"0x00000000000000000000000000000000000000cc\",\"operatorAddress\":\"" + operator.address()
                + "\",\"region\":\"eu-west\",\"probeEndpoint\":\"http://127.0.0.1:9/probe\",\"declaredCapacity\":{\"gpuModel\":"
                + "\"L4\",\"gpuCount\":1,\"gpuMemoryMb\":24576,\"cpuCores\":8,\"memoryMb\":32768,\"maxConcurrentJobs\":4}}");
        assertThat(reRegistered.statusCode()).as(reRegistered.body()).isEqualTo(200);
        assertThat(json(reRegistered).path("signingAddress").asText()).isEqualTo(next.address());
        assertThat(running.send(original, heartbeat(node, 5)).statusCode()).isEqualTo(401);

        String metrics = running.get("/metrics").body();
        assertThat(metrics)
                .contains("proofmesh_ingest_key_rotations_total{outcome=\"ROTATED\",service=\"ingest\"} 1.0")
                .contains("proofmesh_ingest_key_rotations_total{outcome=\"STALE_ROTATION\",service=\"ingest\"} 1.0")
                .contains("proofmesh_ingest_key_rotations_total{outcome=\"OPERATOR_SIGNATURE_INVALID\",service=\"ingest\"} 1.0");

        assertThat(JSON.readTree(running.get("/openapi.json").body()).path("paths").has("/v1/nodes/{nodeId}/key-rotation"))
                .isTrue();

        // A third party holding only nodes.registry re-verifies the rotation against the operator.
        KeyRotation stored = storedRotation(node).orElseThrow();
        byte[] sig = new byte[stored.getOperatorSignature().remaining()];
        stored.getOperatorSignature().duplicate().get(sig);
        assertThat(KeyRotationMessage.ofStored("proofmesh-devnet", 31337, node, stored)
                .signer(SignerRecoveries.pureJava(), sig)).isEqualTo(operator.address());
    }

    @Test
    void malformedAndUnknownRotationsAreRefusedWithTheirCodes() throws Exception {
        MessageSigner operator = MessageSigner.generate();
        MessageSigner unregistered = MessageSigner.generate();
        MessageSigner next = MessageSigner.generate();
        String node = unregistered.address();
        KeyRotationMessage m = new KeyRotationMessage("proofmesh-devnet", 31337, node, node, next.address(),
                System.currentTimeMillis());
        byte[] body = m.requestBody(operator.signPersonal(m.signedMessage()), next.signPersonal(m.signedMessage()));
        HttpResponse<String> unknown = rotate(node, body);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("code").asText()).isEqualTo("UNKNOWN_NODE");

        HttpResponse<String> wrongPath = rotate(next.address(), body);
        assertThat(wrongPath.statusCode()).isEqualTo(400);
        assertThat(json(wrongPath).path("code").asText()).isEqualTo("MALFORMED_ROTATION");
        assertThat(json(wrongPath).path("field").asText()).isEqualTo("/nodeId");

        HttpResponse<String> text = running.post("/v1/nodes/" + node + "/key-rotation", "text/plain", body, Map.of());
        assertThat(text.statusCode()).isEqualTo(415);

        MessageSigner old = MessageSigner.generate();
        running.register(old, operator.address());
        KeyRotationMessage stale = new KeyRotationMessage("proofmesh-devnet", 31337, old.address(), old.address(),
                next.address(), System.currentTimeMillis() - Duration.ofMinutes(6).toMillis());
        HttpResponse<String> skewed = rotate(old.address(), stale.requestBody(operator.signPersonal(stale.signedMessage()),
                next.signPersonal(stale.signedMessage())));
        assertThat(skewed.statusCode()).isEqualTo(422);
        assertThat(json(skewed).path("code").asText()).isEqualTo("CLOCK_SKEW");
    }

    @Test
    void whenKafkaDoesNotTakeTheWriteTheAnswerIs503AndFloodsAre429() throws Exception {
        MessageSigner operator = MessageSigner.generate();
        MessageSigner original = MessageSigner.generate();
        MessageSigner next = MessageSigner.generate();
        String node = original.address();
        running.register(original, operator.address());

        // The same endpoint, reading the real registry, but writing through a producer whose cluster is gone.
        KafkaClients kafka = new KafkaClients(FastTestProfile.settings(stack));
        SchemaRegistryClient schemas = new SchemaRegistryClient(stack.registryUrl());
        Map<String, Object> dead = kafka.producerConfig("rotation-it-dead");
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        dead.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort);
        dead.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        var metrics = ServiceHttpServer.newMeterRegistry("ingest");
        try (NodeRegistryView view = new NodeRegistryView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                     new StringDeserializer(), AvroDeserializer.specific(schemas, NodeRegistration.class)),
                     TopicCatalog.NODES_REGISTRY.name(), metrics).start();
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(dead, new StringSerializer(),
                     new AvroSerializer<>(schemas, false))) {
            view.awaitCaughtUp(Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (view.registration(node).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(view.registration(node)).isPresent();
            KeyRotationEndpoint endpoint = new KeyRotationEndpoint(new KeyRotationVerifier(
                    new SigningDomain("proofmesh-devnet", 31337), Duration.ofMinutes(5), SignerRecoveries.best()), view,
                    new NodeRegistrar(producer, TopicCatalog.NODES_REGISTRY.name(), view, Clock.systemUTC()),
                    new RateLimiter(0.01, 2, 100), Clock.systemUTC(), metrics);
            try (ServiceHttpServer server = ServiceHttpServer.start("ingest", "127.0.0.1", 0, metrics,
                    r -> r.routes.post(KeyRotationEndpoint.PATH, endpoint))) {
                KeyRotationMessage m = new KeyRotationMessage("proofmesh-devnet", 31337, node, node, next.address(),
                        System.currentTimeMillis());
                byte[] body = m.requestBody(operator.signPersonal(m.signedMessage()), next.signPersonal(m.signedMessage()));
                HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/nodes/" + node
                        + "/key-rotation")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<String> down = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
                assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                assertThat(json(down).path("code").asText()).isEqualTo("KAFKA_UNAVAILABLE");
                assertThat(down.headers().firstValue("Retry-After")).isPresent();

                HTTP.send(post, HttpResponse.BodyHandlers.ofString()); // the second of the burst of 2
                HttpResponse<String> flood = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
                assertThat(flood.statusCode()).isEqualTo(429);
                assertThat(json(flood).path("code").asText()).isEqualTo("RATE_LIMITED_SOURCE");
                assertThat(flood.headers().firstValue("Retry-After")).isPresent();
            }
        }
        // Nothing was stored: the running ingest still takes the original key.
        assertThat(running.send(original, heartbeat(node, 1)).statusCode()).isEqualTo(202);
    }

    /** The node's latest record on nodes.registry, read from the topic (its partition by the default partitioner). */
    private static Optional<KeyRotation> storedRotation(String nodeId) {
        KafkaClients kafka = new KafkaClients(FastTestProfile.settings(stack));
        try (KafkaConsumer<String, NodeRegistration> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(new SchemaRegistryClient(stack.registryUrl()), NodeRegistration.class))) {
            int partitions = c.partitionsFor(TopicCatalog.NODES_REGISTRY.name()).size();
            int partition = Utils.toPositive(Utils.murmur2(nodeId.getBytes(StandardCharsets.UTF_8))) % partitions;
            return TopicReader.readFromStart(c, TopicCatalog.NODES_REGISTRY.name(), partition, Integer.MAX_VALUE,
                            Duration.ofSeconds(3)).stream()
                    .filter(r -> nodeId.equals(r.key()))
                    .map(ConsumerRecord::value)
                    .filter(r -> r.getKeyRotation() != null)
                    .reduce((a, b) -> b)
                    .map(NodeRegistration::getKeyRotation);
        }
    }
}
