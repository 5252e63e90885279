package io.proofmesh.ingest.prober;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.platform.protocol.ProbeResultMessage;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroBytes;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prober end to end on the DevStack, against real HTTP probe responders: nodes registered
 * through ingest's admin API (one of them while the prober runs), a 10 s epoch with 5 probes per
 * node, and every record read back from telemetry.probes and re-verified from its fields alone.
 */
@DevStackTest
class ProberIT {

    private static final String NETWORK = "proofmesh-devnet";
    private static final long CHAIN_ID = 31337;
    private static final String PROBER_ID = "prober-it";
    private static final String PROBER_KEY = "0x" + "0".repeat(63) + "7";
    private static final Duration TIMEOUT = Duration.ofMillis(1_000);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static DevStack stack;
    private static RunningIngest ingest;
    private static HttpServer responder;
    private static ExecutorService responderThreads;
    private static ProberService prober;
    private static EpochSchedule schedule;

    private static final MessageSigner HONEST = MessageSigner.generate();
    private static final MessageSigner WRONG_KEY = MessageSigner.generate();
    private static final MessageSigner IMPOSTOR = MessageSigner.generate();
    private static final MessageSigner SLOW = MessageSigner.generate();
    private static final MessageSigner GARBAGE = MessageSigner.generate();
    private static final MessageSigner DEAD = MessageSigner.generate();
    private static final MessageSigner SUSPENDED = MessageSigner.generate();
    private static final MessageSigner LATE = MessageSigner.generate();

    @BeforeAll
    static void start(DevStack devStack) throws Exception {
        stack = devStack;
        ingest = RunningIngest.start(stack, Map.of());
        System.setProperty("sun.net.httpserver.nodelay", "true");
        responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        responderThreads = Executors.newCachedThreadPool();
        responder.setExecutor(responderThreads);
        responder.createContext("/honest", x -> answerHonestly(x, HONEST));
        responder.createContext("/suspended", x -> answerHonestly(x, SUSPENDED));
        responder.createContext("/late", x -> answerHonestly(x, LATE));
        responder.createContext("/wrong-key", x -> {
            ProbeChallenge c = ProbeChallenge.parse(x.getRequestBody().readAllBytes());
            reply(x, 200, ProbeChallenge.answerBody(IMPOSTOR.signPersonal(c.signedMessage())));
        });
        responder.createContext("/slow", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            try {
                Thread.sleep(TIMEOUT.toMillis() + 1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ProbeChallenge c = ProbeChallenge.parse(body);
            reply(x, 200, ProbeChallenge.answerBody(SLOW.signPersonal(c.signedMessage())));
        });
        responder.createContext("/garbage", x -> {
            x.getRequestBody().readAllBytes();
            reply(x, 200, "<html>hello</html>".getBytes(StandardCharsets.UTF_8));
        });
        responder.start();

        register(HONEST, endpoint("/honest"));
        register(WRONG_KEY, endpoint("/wrong-key"));
        register(SLOW, endpoint("/slow"));
        register(GARBAGE, endpoint("/garbage"));
        register(DEAD, "http://127.0.0.1:" + closedPort() + "/probe");
        register(SUSPENDED, endpoint("/suspended"));

        Map<String, String> s = new LinkedHashMap<>(FastTestProfile.settings(stack).asMap());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put("prober.id", PROBER_ID);
        s.put("prober.key", PROBER_KEY);
        s.put("network.name", NETWORK);
        s.put("network.chain-id", Long.toString(CHAIN_ID));
        s.put("prober.probes-per-epoch", "5");
        s.put("prober.timeout", TIMEOUT.toMillis() + "ms");
        s.put("epoch.length", "10s");
        s.put("epoch.grace", "2s");
        prober = ProberService.start(Settings.of(s), msg -> System.out.println("[prober] " + msg));
        schedule = prober.settings().schedule();
    }

    @AfterAll
    static void stop() {
        if (prober != null) {
            prober.close();
        }
        if (responder != null) {
            responder.stop(0);
            responderThreads.shutdownNow();
        }
        if (ingest != null) {
            ingest.close();
        }
    }

    /** What a node agent does (PROTOCOL.md §9.2): check the challenge is for itself, then sign it. */
    private static void answerHonestly(HttpExchange x, MessageSigner key) throws IOException {
        ProbeChallenge c;
        try {
            c = ProbeChallenge.parse(x.getRequestBody().readAllBytes());
        } catch (ProbeChallenge.InvalidChallengeException e) {
            reply(x, 400, e.getMessage().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!c.network().equals(NETWORK) || c.chainId() != CHAIN_ID || !c.nodeId().equals(key.address())) {
            reply(x, 400, "not my challenge".getBytes(StandardCharsets.UTF_8));
            return;
        }
        reply(x, 200, ProbeChallenge.answerBody(key.signPersonal(c.signedMessage())));
    }

    private static void reply(HttpExchange x, int status, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private static String endpoint(String path) {
        return "http://127.0.0.1:" + responder.getAddress().getPort() + path;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void register(MessageSigner node, String probeEndpoint) throws Exception {
        String reg = "{\"nodeId\":\"" + node.address() + "\",\"payoutAddress\":\"0x00000000000000000000000000000000000000aa\","
                + "\"operatorAddress\":\"0x00000000000000000000000000000000000000bb\",\"region\":\"eu-west\","
                + "\"probeEndpoint\":\"" + probeEndpoint + "\",\"declaredCapacity\":{\"gpuModel\":\"L4\",\"gpuCount\":1,"
                + "\"gpuMemoryMb\":24576,\"cpuCores\":8,\"memoryMb\":32768,\"maxConcurrentJobs\":4}}";
        HttpResponse<String> r = ingest.admin("/v1/admin/nodes", reg);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** Every record this prober wrote so far, from every partition, read until {@code done} holds or 90 s pass. */
    private static List<LatencyProbe> readProbes(Predicate<List<LatencyProbe>> done) {
        SchemaRegistryClient schemas = new SchemaRegistryClient(stack.registryUrl());
        KafkaClients kafka = new KafkaClients(FastTestProfile.settings(stack));
        try (Consumer<String, LatencyProbe> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(schemas, LatencyProbe.class))) {
            String topic = TopicCatalog.PROBES.name();
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            List<LatencyProbe> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, LatencyProbe> r : RecordPolling.poll(c, Duration.ofMillis(300))) {
                    if (r.value().getProberId().equals(PROBER_ID)) {
                        assertThat(r.key()).isEqualTo(r.value().getNodeId());
                        out.add(r.value());
                    }
                }
                if (done.test(out)) {
                    break;
                }
            }
            return out;
        }
    }

    private static List<LatencyProbe> of(List<LatencyProbe> all, MessageSigner node) {
        return all.stream().filter(p -> p.getNodeId().equals(node.address())).toList();
    }

    @Test
    void eachNodeGetsTheOutcomeItEarnsAndEveryRecordReVerifiesFromItsFieldsAlone() throws Exception {
        // A node registered while the prober runs is picked up too.
        register(LATE, endpoint("/late"));
        List<MessageSigner> nodes = List.of(HONEST, WRONG_KEY, SLOW, GARBAGE, DEAD, LATE);
        List<LatencyProbe> all = readProbes(ps -> nodes.stream().allMatch(n -> of(ps, n).size() >= 4));

        Map<MessageSigner, ProbeOutcome> expected = Map.of(HONEST, ProbeOutcome.OK, LATE, ProbeOutcome.OK,
                WRONG_KEY, ProbeOutcome.BAD_SIGNATURE, SLOW, ProbeOutcome.TIMEOUT, GARBAGE, ProbeOutcome.BAD_RESPONSE,
                DEAD, ProbeOutcome.CONNECT_ERROR);
        expected.forEach((node, outcome) -> {
            List<LatencyProbe> mine = of(all, node);
            assertThat(mine).as(outcome.name()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(mine).extracting(LatencyProbe::getOutcome).as(outcome.name()).containsOnly(outcome);
            // Spread over the epoch: 5 per 10 s epoch, one every 2 s — never bunched together.
            List<Long> sent = mine.stream().map(p -> p.getSentAt().toEpochMilli()).sorted().toList();
            for (int i = 1; i < sent.size(); i++) {
                assertThat(sent.get(i) - sent.get(i - 1)).as(outcome + " gap").isBetween(1_500L, 2_500L);
            }
            Map<Long, Long> perEpoch = mine.stream().collect(Collectors.groupingBy(LatencyProbe::getEpoch, Collectors.counting()));
            assertThat(perEpoch.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(5));
        });

        Set<String> nonces = new HashSet<>();
        for (LatencyProbe p : all) {
            byte[] nonce = AvroBytes.toArray(p.getNonce());
            assertThat(nonce).hasSize(32);
            assertThat(nonces.add(ProbeVectors.hex(nonce))).as("nonce unique").isTrue();
            assertThat(p.getEpoch()).isEqualTo(schedule.epochOf(p.getSentAt().toEpochMilli()));
            assertThat(p.getProberAddress()).isEqualTo(MessageSigner.fromPrivateKeyHex(PROBER_KEY).address())
                    .isEqualTo(prober.proberAddress());
            assertThat(p.getCompletedAt()).isAfterOrEqualTo(p.getSentAt());
            if (p.getOutcome() == ProbeOutcome.OK) {
                assertThat(p.getRttMicros()).isNotNull().isPositive().isLessThan(TIMEOUT.toNanos() / 1_000);
            } else {
                assertThat(p.getRttMicros()).as(p.getOutcome().name()).isNull();
            }
            if (p.getOutcome() == ProbeOutcome.TIMEOUT) {
                assertThat(p.getCompletedAt().toEpochMilli() - p.getSentAt().toEpochMilli())
                        .isGreaterThanOrEqualTo(TIMEOUT.toMillis() - 50);
            }
            // The prober's signature over PROTOCOL.md §9.5's text, rebuilt from the record and the domain.
            byte[] resultText = ProbeResultMessage.of(p, NETWORK, CHAIN_ID).signedMessage();
            assertThat(SignerRecoveries.best().recoverPersonalSigner(resultText, AvroBytes.toArray(p.getProberSignature())))
                    .isEqualTo(p.getProberAddress());
            // The node's signature over the challenge text, rebuilt from the record.
            ProbeChallenge challenge = new ProbeChallenge(NETWORK, CHAIN_ID, p.getProberId(), p.getNodeId(), nonce);
            switch (p.getOutcome()) {
                case OK -> assertThat(SignerRecoveries.best().recoverPersonalSigner(challenge.signedMessage(),
                        AvroBytes.toArray(p.getNodeSignature()))).isEqualTo(p.getNodeId());
                case BAD_SIGNATURE -> assertThat(SignerRecoveries.best().recoverPersonalSigner(challenge.signedMessage(),
                        AvroBytes.toArray(p.getNodeSignature()))).isEqualTo(IMPOSTOR.address());
                default -> assertThat(p.getNodeSignature()).as(p.getOutcome().name()).isNull();
            }
        }

        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + prober.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("proofmesh_prober_probes_total{outcome=\"OK\"")
                .contains("proofmesh_prober_probes_total{outcome=\"TIMEOUT\"").contains("proofmesh_prober_rtt_seconds_bucket")
                .contains("proofmesh_prober_in_flight").contains("proofmesh_prober_publish_failures_total");
        assertThat(prober.metrics().count(ProbeOutcome.CONNECT_ERROR)).isGreaterThanOrEqualTo(4);
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + prober.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    }

    @Test
    void aSuspendedNodeStopsBeingProbed() throws Exception {
        readProbes(ps -> of(ps, SUSPENDED).stream().filter(p -> p.getOutcome() == ProbeOutcome.OK).count() >= 2);
        HttpResponse<String> r = ingest.admin("/v1/admin/nodes/" + SUSPENDED.address() + "/suspend",
                "{\"reason\":\"prober IT\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        long suspendedAt = System.currentTimeMillis();
        // Wait for three more of its slots (2 s apart) to pass, proved by the honest node's probes.
        List<LatencyProbe> after = readProbes(ps -> of(ps, HONEST).stream()
                .filter(p -> p.getSentAt().toEpochMilli() > suspendedAt + 6_000).count() >= 1);
        assertThat(of(after, HONEST).stream().filter(p -> p.getSentAt().toEpochMilli() > suspendedAt + 6_000)).isNotEmpty();
        // The registry view needs a poll to see the suspension; nothing may be sent a second after it.
        assertThat(of(after, SUSPENDED)).isNotEmpty()
                .allSatisfy(p -> assertThat(p.getSentAt().toEpochMilli()).isLessThan(suspendedAt + 1_000));
    }
}
