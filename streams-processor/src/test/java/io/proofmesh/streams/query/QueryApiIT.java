package io.proofmesh.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.platform.topics.CatalogBootstrap;
import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.PolicyCodec;
import io.proofmesh.scoring.policy.PolicyHash;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.streams.service.StreamsService;
import io.proofmesh.streams.topology.ScoringInputs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processor instances of one application on the DevStack, fed registrations, heartbeats and
 * ticks: either instance answers for any node (forwarding to the owner), an epoch's close shows
 * on both, and the paged scores cover every node exactly once from either side.
 */
@DevStackTest
class QueryApiIT {

    /** anvil account #9, the devnet governance key the processor trusts by default (public test key). */
    private static final String DEV_GOVERNANCE_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void bothInstancesAnswerForEveryNode(DevStack stack, @TempDir Path tmp) throws Exception {
        Settings base = FastTestProfile.settings(stack);
        KafkaClients kafka = new KafkaClients(base);
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        CatalogBootstrap.run(kafka, registry, CommonSettings.from(base).topics(), Duration.ofSeconds(30));

        long genesis = System.currentTimeMillis() / 10_000 * 10_000 - 20_000;
        EpochSchedule schedule = new EpochSchedule(genesis, 10_000, 2_000);
        String app = "query-it-" + UUID.randomUUID().toString().substring(0, 8);

        try (KafkaProducer<String, GenericContainer> producer = new KafkaProducer<>(kafka.producerConfig(app + "-feed"),
                new StringSerializer(), new AvroSerializer<>(registry, false))) {
            publishPolicy(producer, base);
            int partitions = producer.partitionsFor(TopicCatalog.HEARTBEATS.name()).size();
            List<String> nodes = nodesCoveringEveryPartition(partitions);
            for (String n : nodes) {
                producer.send(new ProducerRecord<>(TopicCatalog.NODES_REGISTRY.name(), n,
                        ScoringInputs.registration(n, NodeStatus.ACTIVE))).get(30, TimeUnit.SECONDS);
            }

            ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor();
            AtomicLong seq = new AtomicLong();
            feed.scheduleAtFixedRate(() -> {
                long now = System.currentTimeMillis();
                long s = seq.incrementAndGet();
                for (String n : nodes) {
                    producer.send(new ProducerRecord<>(TopicCatalog.HEARTBEATS.name(), n,
                            ScoringInputs.heartbeat(n, s, 0, now)));
                }
                for (int p = 0; p < partitions; p++) {
                    producer.send(new ProducerRecord<>(TopicCatalog.CLOCK_TICKS.name(), p, Integer.toString(p),
                            Tick.newBuilder().setPartition(p).setEmittedAt(Instant.ofEpochMilli(now))
                                    .setEmitterId(app).setSeq(s).build()));
                }
                producer.flush();
            }, 0, 500, TimeUnit.MILLISECONDS);

            try (StreamsService a = start(base, app, "a", tmp, genesis);
                 StreamsService b = start(base, app, "b", tmp, genesis)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                        a.streams().state() == KafkaStreams.State.RUNNING && b.streams().state() == KafkaStreams.State.RUNNING
                                && a.streams().streamsMetadataForStore("epoch-scores").size() == 2
                                && a.streams().streamsMetadataForStore("epoch-scores").stream().allMatch(m -> !m.topicPartitions().isEmpty()));
                long epoch = schedule.epochOf(System.currentTimeMillis()) + 1;

                // Every node is owned by one of the two, and both own some.
                Set<Integer> owners = new HashSet<>();
                for (String n : nodes) {
                    owners.add(a.streams().queryMetadataForKey("epoch-scores", n, Serdes.String().serializer())
                            .activeHost().port());
                }
                assertThat(owners).containsExactlyInAnyOrder(a.httpPort(), b.httpPort());

                // The live view while the epoch is open, from either instance.
                String probe = nodes.get(0);
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    JsonNode live = json(get(a, "/v1/nodes/" + probe), 200);
                    return live.path("registryStatus").asText().equals("ACTIVE")
                            && live.path("openEpochs").size() > 0
                            && live.path("openEpochs").get(0).path("heartbeatsCounted").asInt() > 0;
                });
                assertThat(json(get(b, "/v1/nodes/" + probe), 200).path("nodeId").asText()).isEqualTo(probe);

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                        json(get(a, "/v1/epochs/" + epoch), 200).path("closedEverywhere").asBoolean());
                JsonNode closedA = json(get(a, "/v1/epochs/" + epoch), 200);
                JsonNode closedB = json(get(b, "/v1/epochs/" + epoch), 200);
                assertThat(closedA).isEqualTo(closedB);
                assertThat(closedA.path("closedPartitions").asInt()).isEqualTo(partitions);
                assertThat(closedA.path("partitions")).hasSize(partitions);
                assertThat(closedA.path("scoreCount").asLong()).isGreaterThanOrEqualTo(nodes.size());
                assertThat(closedA.path("partitions").get(0).path("scoresDigest").asText()).matches("0x[0-9a-f]{64}");

                // Each node's final score, identical from both instances (one of them forwards).
                for (String n : nodes) {
                    HttpResponse<String> fromA = get(a, "/v1/nodes/" + n + "/epochs/" + epoch);
                    HttpResponse<String> fromB = get(b, "/v1/nodes/" + n + "/epochs/" + epoch);
                    JsonNode sa = json(fromA, 200);
                    assertThat(fromB.statusCode()).isEqualTo(200);
                    assertThat(fromB.body()).isEqualTo(fromA.body());
                    assertThat(sa.path("nodeId").asText()).isEqualTo(n);
                    assertThat(sa.path("epoch").asLong()).isEqualTo(epoch);
                    assertThat(sa.path("uptime").path("heartbeatsCounted").asInt()).isPositive();
                    assertThat(sa.has("latency")).isTrue();
                    assertThat(sa.has("work")).isTrue();
                    assertThat(sa.path("reputation").has("alphaPpm")).isTrue();
                    assertThat(sa.path("policyHash").asText()).matches("0x[0-9a-f]{64}");
                    assertThat(sa.path("detailsDigest").asText()).matches("0x[0-9a-f]{64}");
                }

                // Paged scores: every node exactly once, from either instance.
                for (StreamsService via : List.of(a, b)) {
                    List<String> seen = new ArrayList<>();
                    String after = null;
                    int pages = 0;
                    do {
                        JsonNode page = json(get(via, "/v1/epochs/" + epoch + "/scores?limit=2"
                                + (after == null ? "" : "&after=" + after)), 200);
                        assertThat(page.path("scores").size()).isLessThanOrEqualTo(2);
                        page.path("scores").forEach(s -> seen.add(s.path("nodeId").asText()));
                        after = page.path("next").isNull() ? null : page.path("next").asText();
                        assertThat(++pages).isLessThan(100);
                    } while (after != null);
                    assertThat(seen).doesNotHaveDuplicates();
                    assertThat(seen).isSorted();
                    assertThat(seen).containsAll(nodes);
                    assertThat(seen).hasSize((int) closedA.path("scoreCount").asLong());
                }

                // Errors.
                JsonNode bad = json(get(a, "/v1/nodes/" + probe + "/epochs/not-a-number"), 400);
                assertThat(bad.path("code").asText()).isEqualTo("INVALID_EPOCH");
                assertThat(json(get(b, "/v1/epochs/-3"), 400).path("code").asText()).isEqualTo("INVALID_EPOCH");
                assertThat(json(get(a, "/v1/epochs/" + epoch + "/scores?limit=5000"), 400).path("code").asText())
                        .isEqualTo("INVALID_LIMIT");
                assertThat(json(get(a, "/v1/nodes/0xNOPE"), 400).path("code").asText()).isEqualTo("INVALID_NODE_ID");
                String unknown = "0x" + "f".repeat(40);
                assertThat(json(get(a, "/v1/nodes/" + unknown), 404).path("code").asText()).isEqualTo("UNKNOWN_NODE");
                assertThat(json(get(b, "/v1/nodes/" + unknown), 404).path("code").asText()).isEqualTo("UNKNOWN_NODE");
                JsonNode open = json(get(a, "/v1/nodes/" + probe + "/epochs/" + (epoch + 1000)), 404);
                assertThat(open.path("code").asText()).isEqualTo("SCORE_NOT_FOUND");
                assertThat(open.path("message").asText()).contains("still open");

                JsonNode rejections = json(get(b, "/v1/nodes/" + probe + "/rejections?epoch=" + epoch), 200);
                assertThat(rejections.path("nodeId").asText()).isEqualTo(probe);
                assertThat(rejections.path("rejections").isArray()).isTrue();

                JsonNode doc = json(get(a, "/openapi.json"), 200);
                assertThat(doc.path("openapi").asText()).startsWith("3.");
                assertThat(doc.path("paths").has("/v1/epochs/{n}/scores")).isTrue();

                String metrics = get(a, "/metrics").body();
                assertThat(metrics).contains("streams_query_requests_total{").contains("route=\"node-epoch\"");
            } finally {
                feed.shutdownNow();
            }
        }
    }

    private static StreamsService start(Settings base, String app, String instance, Path tmp, long genesis) {
        Map<String, String> s = new LinkedHashMap<>(base.asMap());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put("streams.application-id", app);
        s.put("streams.instance-id", instance);
        s.put("streams.state-dir", tmp.resolve(instance).toString());
        s.put("streams.commit-interval", "100ms");
        s.put("epoch.genesis", Long.toString(genesis));
        s.put("epoch.length", "10s");
        s.put("epoch.grace", "2s");
        s.put("scoring.close-margin", "500ms");
        return StreamsService.start(Settings.of(s), msg -> System.out.println("[streams " + instance + "] " + msg));
    }

    private static void publishPolicy(KafkaProducer<String, GenericContainer> producer, Settings base) throws Exception {
        MessageSigner governance = MessageSigner.fromPrivateKeyHex(DEV_GOVERNANCE_KEY);
        ScoringPolicy policy = PolicyJson.withPublishedAt(PolicyJson.defaultPolicy(), System.currentTimeMillis());
        byte[] hash = PolicyHash.of(policy);
        var domain = CommonSettings.signingDomain(base);
        byte[] signature = governance.signPersonal(PolicyHash.signingDigest(hash, domain.network(), domain.chainId()));
        producer.send(new ProducerRecord<>(TopicCatalog.SCORING_POLICY.name(), PolicyHash.hex(hash),
                PolicyCodec.toAvro(policy, governance.address(), signature))).get(30, TimeUnit.SECONDS);
    }

    /** Node ids (addresses) chosen so that every partition holds at least one, hence both instances own some. */
    private static List<String> nodesCoveringEveryPartition(int partitions) {
        Set<Integer> covered = new TreeSet<>();
        List<String> nodes = new ArrayList<>();
        for (int i = 1; covered.size() < partitions; i++) {
            String id = String.format("0x%040x", 0xabc000L + i);
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (covered.add(p)) {
                nodes.add(id);
            }
        }
        return nodes;
    }

    private static HttpResponse<String> get(StreamsService s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as("status of %s: %s", r.uri(), r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }
}
