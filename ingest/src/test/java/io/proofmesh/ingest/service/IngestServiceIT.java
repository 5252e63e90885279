package io.proofmesh.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroBytes;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.testing.Cast;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.platform.testing.TopicReader;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest service end to end on the DevStack: a node registered through the admin API sends
 * signed telemetry; the 202 receipt and the stored event both verify with cast; replays, a
 * tampered body, an unknown node, a suspended node and a wrong content type are refused with
 * their codes, counted, and kept in telemetry.rejected.
 */
@DevStackTest
class IngestServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private static RunningIngest running;
    private static IngestService ingest;
    private static DevStack stack;

    @BeforeAll
    static void start(DevStack devStack) throws Exception {
        stack = devStack;
        running = RunningIngest.start(stack, Map.of("ingest.receipt-key", "0x" + "11".repeat(32)));
        ingest = running.service();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body, Map<String, String> headers)
            throws Exception {
        return running.post(path, contentType, body, headers);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return running.get(path);
    }

    private static void register(MessageSigner node) throws Exception {
        running.register(node);
    }

    private static byte[] heartbeatBody(String nodeId, long seq) {
        return ("{\"v\":1,\"network\":\"proofmesh-devnet\",\"chainId\":31337,\"nodeId\":\"" + nodeId + "\",\"seq\":" + seq
                + ",\"sentAt\":" + System.currentTimeMillis() + ",\"events\":[{\"kind\":\"heartbeat\",\"uptimeSeconds\":600,"
                + "\"cpuLoadPpm\":250000,\"gpuLoadPpm\":730000,\"activeJobs\":2,\"agentVersion\":\"it/1\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(MessageSigner signer, byte[] body) throws Exception {
        return running.send(signer, body);
    }

    private static String code(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("code").asText();
    }

    @Test
    void anAcceptedRequestGetsAReceiptAndItsEventVerifiesFromTheTopicAloneWithCast() throws Exception {
        MessageSigner node = MessageSigner.generate();
        register(node);
        byte[] body = heartbeatBody(node.address(), 1);
        HttpResponse<String> r = send(node, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        // The receipt: signed by ingest's key over its exact bytes.
        String receiptSig = r.headers().firstValue("X-Proofmesh-Signature").orElseThrow();
        byte[] receiptBytes = r.body().getBytes(StandardCharsets.UTF_8);
        assertThat(SignerRecoveries.best().recoverPersonalSigner(receiptBytes, HEX.parseHex(receiptSig.substring(2))))
                .isEqualTo(ingest.receiptAddress());
        Cast.Result receiptCheck = Cast.run("wallet", "verify", "--address", ingest.receiptAddress(),
                "0x" + HEX.formatHex(receiptBytes), receiptSig);
        assertThat(receiptCheck.exit()).as(receiptCheck.out()).isZero();
        JsonNode receipt = JSON.readTree(receiptBytes);
        assertThat(receipt.path("nodeId").asText()).isEqualTo(node.address());
        JsonNode position = receipt.path("events").get(0);
        assertThat(position.path("topic").asText()).isEqualTo(TopicCatalog.HEARTBEATS.name());

        // The stored event carries the exact signed body: anyone re-verifies it with cast.
        Heartbeat stored = readAt(position.path("partition").asInt(), position.path("offset").asLong());
        byte[] signedBody = AvroBytes.toArray(stored.getProvenance().getSignedBody());
        assertThat(signedBody).isEqualTo(body);
        assertThat(stored.getNodeId()).isEqualTo(node.address());
        assertThat(stored.getSeq()).isEqualTo(1);
        Cast.Result eventCheck = Cast.run("wallet", "verify", "--address", node.address(), "0x" + HEX.formatHex(signedBody),
                "0x" + HEX.formatHex(AvroBytes.toArray(stored.getProvenance().getSignature())));
        assertThat(eventCheck.exit()).as(eventCheck.out()).isZero();

        // The same body again: already accepted. An older seq: stale.
        HttpResponse<String> replay = send(node, body);
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(code(replay)).isEqualTo("REPLAYED");
        assertThat(send(node, heartbeatBody(node.address(), 2)).statusCode()).isEqualTo(202);
        HttpResponse<String> stale = send(node, heartbeatBody(node.address(), 1));
        assertThat(code(stale)).isEqualTo("STALE_SEQ");
    }

    @Test
    void refusalsCarryTheirCodeAndAreCountedAndKept() throws Exception {
        MessageSigner node = MessageSigner.generate();
        register(node);
        byte[] body = heartbeatBody(node.address(), 7);
        String sig = "0x" + HEX.formatHex(node.signPersonal(body));
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"activeJobs\":2", "\"activeJobs\":9")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> forged = post("/v1/telemetry", "application/json", tampered, Map.of("X-Proofmesh-Signature", sig));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(code(forged)).isEqualTo("SIGNER_MISMATCH");

        assertThat(post("/v1/telemetry", "text/plain", body, Map.of("X-Proofmesh-Signature", sig)).statusCode()).isEqualTo(415);
        MessageSigner stranger = MessageSigner.generate();
        assertThat(code(send(stranger, heartbeatBody(stranger.address(), 1)))).isEqualTo("UNKNOWN_NODE");
        HttpResponse<String> unsigned = post("/v1/telemetry", "application/json", body, Map.of());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(code(unsigned)).isEqualTo("MISSING_SIGNATURE");

        assertThat(post("/v1/admin/nodes/" + node.address() + "/suspend", "application/json",
                "{\"reason\":\"it\"}".getBytes(StandardCharsets.UTF_8), Map.of("Authorization", "Bearer " + RunningIngest.ADMIN_TOKEN))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> suspended = send(node, body);
        assertThat(suspended.statusCode()).isEqualTo(403);
        assertThat(code(suspended)).isEqualTo("NODE_SUSPENDED");

        // Counted by code on /metrics ...
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("proofmesh_ingest_rejected_total{code=\"SIGNER_MISMATCH\",service=\"ingest\"}")
                .contains("code=\"UNSUPPORTED_MEDIA_TYPE\"").contains("code=\"NODE_SUSPENDED\"");
        // ... and kept, with the raw bytes, under the node's key.
        List<RejectedEvent> kept = rejectedFor(node.address(), 2);
        assertThat(kept).extracting(RejectedEvent::getReasonCode).contains("SIGNER_MISMATCH", "NODE_SUSPENDED");
        RejectedEvent forgedRecord = kept.stream().filter(e -> e.getReasonCode().equals("SIGNER_MISMATCH")).findFirst().orElseThrow();
        assertThat(AvroBytes.toArray(forgedRecord.getRawBytes())).isEqualTo(tampered);
        assertThat(forgedRecord.getSeq()).isEqualTo(7L);

        assertThat(get("/openapi.json").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/openapi.json").body()).path("paths").has("/v1/telemetry")).isTrue();
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    private static Heartbeat readAt(int partition, long offset) {
        KafkaClients kafka = new KafkaClients(FastTestProfile.settings(stack));
        try (KafkaConsumer<String, Heartbeat> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(new SchemaRegistryClient(stack.registryUrl()), Heartbeat.class))) {
            return TopicReader.readFromStart(c, TopicCatalog.HEARTBEATS.name(), partition, (int) offset + 1,
                    Duration.ofSeconds(20)).stream().filter(r -> r.offset() == offset).findFirst().orElseThrow().value();
        }
    }

    private static List<RejectedEvent> rejectedFor(String nodeId, int atLeast) {
        KafkaClients kafka = new KafkaClients(FastTestProfile.settings(stack));
        try (KafkaConsumer<String, RejectedEvent> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(new SchemaRegistryClient(stack.registryUrl()), RejectedEvent.class))) {
            // Keyed by nodeId with the default partitioner: only that partition can hold the node's refusals.
            int partitions = c.partitionsFor(TopicCatalog.REJECTED.name()).size();
            int partition = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(nodeId.getBytes(StandardCharsets.UTF_8))) % partitions;
            List<RejectedEvent> out = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                out.clear();
                TopicReader.readFromStart(c, TopicCatalog.REJECTED.name(), partition, Integer.MAX_VALUE, Duration.ofMillis(500))
                        .stream().filter(r -> nodeId.equals(r.key())).map(ConsumerRecord::value).forEach(out::add);
            }
            return out;
        }
    }

}
