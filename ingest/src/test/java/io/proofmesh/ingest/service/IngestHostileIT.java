package io.proofmesh.ingest.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroBytes;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests against the running gateway: each gets its status and reason code, each is
 * kept in telemetry.rejected with its raw bytes, and none reaches telemetry.heartbeats.
 */
@DevStackTest
class IngestHostileIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger N = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    private static RunningIngest running;
    private static DevStack stack;
    private static MessageSigner node;
    private static MessageSigner suspended;
    private static final AtomicLong SEQ = new AtomicLong(1);

    private record Case(String name, byte[] body, String contentType, String signature, int status, String code) { }

    @BeforeAll
    static void start(DevStack devStack) throws Exception {
        stack = devStack;
        running = RunningIngest.start(stack, Map.of("ingest.rate.node-per-second", "1", "ingest.rate.node-burst", "8"));
        node = MessageSigner.generate();
        suspended = MessageSigner.generate();
        running.register(node);
        running.register(suspended);
        assertThat(running.admin("/v1/admin/nodes/" + suspended.address() + "/suspend", "{}").statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void everyHostileRequestIsRefusedWithItsCodeKeptAndNeverReachesATelemetryTopic() throws Exception {
        long now = System.currentTimeMillis();
        MessageSigner other = MessageSigner.generate();
        MessageSigner stranger = MessageSigner.generate();
        String hb = "{\"kind\":\"heartbeat\",\"uptimeSeconds\":600,\"cpuLoadPpm\":250000,\"gpuLoadPpm\":1,\"activeJobs\":2,"
                + "\"agentVersion\":\"hostile/1\"}";

        byte[] valid = body(node.address(), SEQ.getAndIncrement(), now, hb);
        List<Case> cases = new ArrayList<>();
        byte[] tampered = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "\"activeJobs\":2", "\"activeJobs\":3");
        cases.add(new Case("tampered body", tampered, "application/json",
                sig(node, replace(tampered, "\"activeJobs\":3", "\"activeJobs\":2")), 401, "SIGNER_MISMATCH"));
        byte[] wrongKey = body(node.address(), SEQ.getAndIncrement(), now, hb);
        cases.add(new Case("signed by another key", wrongKey, "application/json", sig(other, wrongKey), 401, "SIGNER_MISMATCH"));
        byte[] otherNet = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "proofmesh-devnet", "proofmesh-mainnet");
        cases.add(new Case("other network's domain", otherNet, "application/json", sig(node, otherNet), 401, "WRONG_DOMAIN"));
        byte[] otherChain = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "\"chainId\":31337", "\"chainId\":1");
        cases.add(new Case("other chain id", otherChain, "application/json", sig(node, otherChain), 401, "WRONG_DOMAIN"));
        byte[] unregistered = body(stranger.address(), 1, now, hb);
        cases.add(new Case("unregistered node", unregistered, "application/json", sig(stranger, unregistered), 401, "UNKNOWN_NODE"));
        byte[] susp = body(suspended.address(), 1, now, hb);
        cases.add(new Case("suspended node", susp, "application/json", sig(suspended, susp), 403, "NODE_SUSPENDED"));
        byte[] past = body(node.address(), SEQ.getAndIncrement(), now - Duration.ofHours(3).toMillis(), hb);
        cases.add(new Case("sentAt far in the past", past, "application/json", sig(node, past), 422, "CLOCK_SKEW"));
        byte[] future = body(node.address(), SEQ.getAndIncrement(), now + Duration.ofHours(3).toMillis(), hb);
        cases.add(new Case("sentAt far in the future", future, "application/json", sig(node, future), 422, "CLOCK_SKEW"));
        byte[] huge = body(node.address(), SEQ.getAndIncrement(), now, hb.replace("hostile/1", "x".repeat(70_000)));
        cases.add(new Case("oversize body", huge, "application/json", sig(node, huge), 413, "BODY_TOO_LARGE"));
        byte[] deep = body(node.address(), SEQ.getAndIncrement(), now, "[".repeat(40) + "]".repeat(40));
        cases.add(new Case("deep nesting", deep, "application/json", sig(node, deep), 400, "NESTING_TOO_DEEP"));
        byte[] badUtf8 = body(node.address(), SEQ.getAndIncrement(), now, hb);
        badUtf8 = replaceBytes(badUtf8, "hostile/1", new byte[] {'h', (byte) 0xff, (byte) 0xfe});
        cases.add(new Case("invalid UTF-8", badUtf8, "application/json", sig(node, badUtf8), 400, "INVALID_UTF8"));
        byte[] nan = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "250000", "NaN");
        cases.add(new Case("NaN", nan, "application/json", sig(node, nan), 400, "MALFORMED_JSON"));
        byte[] negative = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "\"activeJobs\":2", "\"activeJobs\":-2");
        cases.add(new Case("negative value", negative, "application/json", sig(node, negative), 422, "OUT_OF_RANGE"));
        byte[] tooMuch = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "250000", "1000001");
        cases.add(new Case("ppm above one million", tooMuch, "application/json", sig(node, tooMuch), 422, "OUT_OF_RANGE"));
        byte[] kind = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "\"heartbeat\"", "\"selfie\"");
        cases.add(new Case("unknown event kind", kind, "application/json", sig(node, kind), 422, "UNKNOWN_EVENT_KIND"));
        byte[] missing = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), ",\"activeJobs\":2", "");
        cases.add(new Case("missing field", missing, "application/json", sig(node, missing), 400, "MISSING_FIELD"));
        byte[] unknownField = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "\"activeJobs\":2", "\"activeJobs\":2,\"bonus\":1");
        cases.add(new Case("unknown field", unknownField, "application/json", sig(node, unknownField), 400, "UNKNOWN_FIELD"));
        byte[] dupKey = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "\"activeJobs\":2", "\"activeJobs\":2,\"activeJobs\":3");
        cases.add(new Case("duplicate key", dupKey, "application/json", sig(node, dupKey), 400, "DUPLICATE_FIELD"));
        byte[] asFloat = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "\"activeJobs\":2", "\"activeJobs\":2.0");
        cases.add(new Case("float where an integer belongs", asFloat, "application/json", sig(node, asFloat), 400, "WRONG_TYPE"));
        byte[] noEvents = body(node.address(), SEQ.getAndIncrement(), now);
        cases.add(new Case("no events", noEvents, "application/json", sig(node, noEvents), 422, "NO_EVENTS"));
        String[] many = new String[101];
        Arrays.fill(many, hb);
        byte[] tooMany = body(node.address(), SEQ.getAndIncrement(), now, many);
        cases.add(new Case("101 events", tooMany, "application/json", sig(node, tooMany), 422, "TOO_MANY_EVENTS"));
        byte[] version = replace(body(node.address(), SEQ.getAndIncrement(), now, hb), "{\"v\":1", "{\"v\":2");
        cases.add(new Case("unsupported version", version, "application/json", sig(node, version), 422, "UNSUPPORTED_VERSION"));
        byte[] ct = body(node.address(), SEQ.getAndIncrement(), now, hb);
        cases.add(new Case("wrong content type", ct, "text/plain", sig(node, ct), 415, "UNSUPPORTED_MEDIA_TYPE"));
        byte[] unsigned = body(node.address(), SEQ.getAndIncrement(), now, hb);
        cases.add(new Case("missing signature", unsigned, "application/json", null, 401, "MISSING_SIGNATURE"));
        byte[] shortSig = body(node.address(), SEQ.getAndIncrement(), now, hb);
        cases.add(new Case("truncated signature", shortSig, "application/json", sig(node, shortSig).substring(0, 100), 401,
                "MALFORMED_SIGNATURE"));
        byte[] highS = body(node.address(), SEQ.getAndIncrement(), now, hb);
        cases.add(new Case("high-s signature", highS, "application/json", highS(node, highS), 401, "MALFORMED_SIGNATURE"));

        // First the valid one, so that its replay and a stale seq can be tried.
        HttpResponse<String> ok = send(valid, "application/json", sig(node, valid));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        cases.add(new Case("replayed body", valid, "application/json", sig(node, valid), 409, "REPLAYED"));
        byte[] stale = replace(valid, "\"activeJobs\":2", "\"activeJobs\":5"); // same seq, other body
        cases.add(new Case("duplicate seq", stale, "application/json", sig(node, stale), 409, "STALE_SEQ"));

        for (Case c : cases) {
            HttpResponse<String> r = send(c.body(), c.contentType(), c.signature());
            assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
            assertThat(JSON.readTree(r.body()).path("code").asText()).as(c.name()).isEqualTo(c.code());
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(25);

        // Flood from one node: the per-node bucket (1/s, burst 8) runs dry; 429 says when to come back.
        HttpResponse<String> limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            byte[] b = body(node.address(), SEQ.getAndIncrement() + 1000, System.currentTimeMillis(), hb);
            HttpResponse<String> r = send(b, "application/json", sig(node, b));
            if (r.statusCode() == 429) {
                limited = r;
            }
        }
        assertThat(limited).as("a flood is rate limited").isNotNull();
        assertThat(JSON.readTree(limited.body()).path("code").asText()).isEqualTo("RATE_LIMITED_NODE");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();

        // Every refusal is kept with its raw bytes (the first 4 KiB) ...
        List<RejectedEvent> rejected = readAll(TopicCatalog.REJECTED.name(), RejectedEvent.class);
        for (Case c : cases) {
            byte[] expected = c.body().length > 4096 ? Arrays.copyOf(c.body(), 4096) : c.body();
            assertThat(rejected).as("kept: " + c.name())
                    .anyMatch(e -> e.getReasonCode().equals(c.code()) && Arrays.equals(AvroBytes.toArray(e.getRawBytes()), expected));
        }
        // Refused after the body parsed but before it was authenticated: kept under the nodeId it claims.
        for (Case c : cases) {
            if (java.util.Set.of("WRONG_DOMAIN", "CLOCK_SKEW", "MISSING_SIGNATURE", "MALFORMED_SIGNATURE").contains(c.code())) {
                String claimed = JSON.readTree(c.body()).get("nodeId").asText();
                long seq = JSON.readTree(c.body()).get("seq").asLong();
                assertThat(rejected).as("kept under its claimed node: " + c.name())
                        .anyMatch(e -> e.getReasonCode().equals(c.code()) && Arrays.equals(AvroBytes.toArray(e.getRawBytes()), c.body())
                                && claimed.equals(e.getNodeId()) && Long.valueOf(seq).equals(e.getSeq()));
            }
        }
        // ... and nothing refused reached the heartbeats topic: only bodies that got a 202 are there.
        List<Heartbeat> heartbeats = readAll(TopicCatalog.HEARTBEATS.name(), Heartbeat.class);
        for (Case c : cases) {
            if (!c.code().equals("REPLAYED")) { // the replayed body was accepted once, on purpose
                assertThat(heartbeats).as("never stored: " + c.name())
                        .noneMatch(h -> Arrays.equals(AvroBytes.toArray(h.getProvenance().getSignedBody()), c.body()));
            }
        }
        assertThat(heartbeats.stream().filter(h -> Arrays.equals(AvroBytes.toArray(h.getProvenance().getSignedBody()), valid))).hasSize(1);
    }

    /**
     * A body streamed without Content-Length (chunked) cannot be refused up front: ingest reads at
     * most the limit plus one byte and answers with its own 413, whether the body is just over
     * the protocol limit or over the HTTP server's own 1 MiB limit.
     */
    @Test
    void chunkedBodiesOverTheLimitGetTheProtocols413() throws Exception {
        for (int size : new int[] {70_000, 3 * 1024 * 1024}) {
            byte[] big = new byte[size];
            Arrays.fill(big, (byte) ' ');
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + running.service().port() + "/v1/telemetry"))
                    .header("Content-Type", "application/json")
                    // An input-stream publisher has no length: the client sends it chunked.
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                    .build();
            HttpResponse<String> r;
            try {
                r = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                // The server may close the connection while the client is still streaming; ask on a fresh one.
                throw new AssertionError("ingest closed the connection instead of answering 413 for " + size + " bytes", e);
            }
            assertThat(r.statusCode()).as(size + " bytes: " + r.body()).isEqualTo(413);
            assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("BODY_TOO_LARGE");
            assertThat(r.headers().firstValue("Content-Length")).isPresent();
        }
    }

    private static byte[] body(String nodeId, long seq, long sentAt, String... events) {
        return ("{\"v\":1,\"network\":\"proofmesh-devnet\",\"chainId\":31337,\"nodeId\":\"" + nodeId + "\",\"seq\":" + seq
                + ",\"sentAt\":" + sentAt + ",\"events\":[" + String.join(",", events) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replace(byte[] body, String target, String replacement) {
        String s = new String(body, StandardCharsets.UTF_8);
        assertThat(s).contains(target);
        return s.replace(target, replacement).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replaceBytes(byte[] body, String target, byte[] replacement) {
        String s = new String(body, StandardCharsets.UTF_8);
        int at = s.indexOf(target);
        byte[] head = s.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = s.substring(at + target.length()).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(head.length + replacement.length + tail.length);
        return b.put(head).put(replacement).put(tail).array();
    }

    private static String sig(MessageSigner signer, byte[] body) {
        return RunningIngest.signature(signer, body);
    }

    /** The same signature in its high-s form (s' = n - s, v flipped): recovers the same key, but EIP-2 forbids it. */
    private static String highS(MessageSigner signer, byte[] body) {
        byte[] rsv = signer.signPersonal(body);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rsv, 32, 64));
        byte[] flipped = N.subtract(s).toByteArray();
        byte[] out = rsv.clone();
        Arrays.fill(out, 32, 64, (byte) 0);
        System.arraycopy(flipped, Math.max(0, flipped.length - 32), out, 64 - Math.min(32, flipped.length), Math.min(32, flipped.length));
        out[64] = (byte) (rsv[64] == 27 ? 28 : 27);
        return "0x" + HEX.formatHex(out);
    }

    private static HttpResponse<String> send(byte[] body, String contentType, String signature) throws Exception {
        Map<String, String> headers = signature == null ? Map.of() : Map.of("X-Proofmesh-Signature", signature);
        return running.post("/v1/telemetry", contentType, body, headers);
    }

    /** Everything currently on a topic (all partitions), decoded. */
    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> readAll(String topic, Class<T> type) {
        KafkaClients kafka = new KafkaClients(FastTestProfile.settings(stack));
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, T> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(new SchemaRegistryClient(stack.registryUrl()), type))) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                RecordPolling.poll(c, Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }

}
