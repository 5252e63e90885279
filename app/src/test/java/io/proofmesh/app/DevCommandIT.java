package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.devstack.Ports;
import io.proofmesh.platform.testing.JsonRpc;
import io.proofmesh.platform.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proofmesh dev} as a user runs it: a separate process on the documented fixed ports,
 * used with plain clients (kafka-clients, HTTP), then stopped with Ctrl-C (SIGINT).
 */
@Tag("integration")
class DevCommandIT {

    private static final int KAFKA = 9092;
    private static final int CONTROLLER = 9093;
    private static final int REGISTRY = 8081;
    private static final int ANVIL = 8545;

    @Test
    void devServesKafkaRegistryAndAnvilOnTheirPortsAndStopsCleanlyOnSigint(@TempDir Path dir) throws Exception {
        for (int port : List.of(KAFKA, CONTROLLER, REGISTRY, ANVIL)) {
            assertThat(Ports.isFree(port)).as("port %d must be free for this test (is a dev stack running?)", port).isTrue();
        }
        try (CliProcess dev = CliProcess.start(dir, "dev", "--data-dir", dir.resolve("stack").toString(), "--wipe")) {
            assertThat(dev.waitForLine("Press Ctrl-C to stop.", Duration.ofMinutes(3)))
                    .as("dev came up; output:\n%s", dev.output()).isTrue();
            assertThat(dev.output()).contains("localhost:9092", "http://localhost:8081/apis/ccompat/v7", "http://localhost:8545");

            produceAndConsumeWithPlainKafkaClients();
            registerAndFetchASchemaOverHttp();
            assertThat(JsonRpc.call("http://localhost:" + ANVIL, "eth_chainId")).contains("\"result\":\"0x7a69\"");

            List<Long> family = new ArrayList<>(List.of(dev.pid()));
            ProcessHandle.of(dev.pid()).ifPresent(h -> h.descendants().forEach(d -> family.add(d.pid())));
            assertThat(family).as("dev and its broker, registry and anvil").hasSizeGreaterThanOrEqualTo(4);

            long t0 = System.nanoTime();
            dev.interrupt();
            int exit = dev.waitFor(Duration.ofSeconds(10));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(exit).as("dev exited after SIGINT within 10 s; output:\n%s", dev.output()).isNotEqualTo(-1);
            for (int port : List.of(KAFKA, CONTROLLER, REGISTRY, ANVIL)) {
                assertThat(Ports.isListening(port)).as("port %d closed %s after SIGINT", port, took).isFalse();
            }
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            for (long pid : family) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d gone", pid).isFalse();
            }
            assertThat(dev.output()).contains("stopped; every port is free.");
        }
    }

    private static void produceAndConsumeWithPlainKafkaClients() throws Exception {
        String topic = "dev-it-" + UUID.randomUUID();
        Map<String, Object> common = Map.of("bootstrap.servers", "localhost:" + KAFKA);
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, "k", "hello from plain kafka-clients")).get();
        }
        Map<String, Object> cc = Map.of("bootstrap.servers", "localhost:" + KAFKA, "auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> got;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(cc, new StringDeserializer(), new StringDeserializer())) {
            got = TopicReader.readFromStart(c, topic, 0, 1, Duration.ofSeconds(20));
        }
        assertThat(got).extracting(ConsumerRecord::value).containsExactly("hello from plain kafka-clients");
    }

    private static void registerAndFetchASchemaOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + REGISTRY + "/apis/ccompat/v7";
        String schema = "{\"type\":\"record\",\"name\":\"DevIt\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
        String body = new ObjectMapper().createObjectNode().put("schema", schema).toString();
        HttpResponse<String> reg = http.send(HttpRequest.newBuilder(URI.create(base + "/subjects/dev-it-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
        int id = new ObjectMapper().readTree(reg.body()).path("id").asInt();
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base + "/schemas/ids/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(get.body()).path("schema").asText()).contains("DevIt");
    }
}
