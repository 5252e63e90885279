package io.proofmesh.ingest.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Valid requests from several nodes, sent concurrently among hostile ones (invalid bodies,
 * replays of accepted bodies, tampered copies, unregistered signers): every valid event is in
 * its topic exactly once — at the place its receipt names — and nothing else of these nodes is.
 */
@DevStackTest
@Tag("integration")
class MixedStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EVENT_TOPICS =
            List.of(TopicCatalog.HEARTBEATS.name(), TopicCatalog.CAPACITY.name(), TopicCatalog.JOB_RESULTS.name());

    /** Dedupe key of PROTOCOL.md §5 plus where the receipt says the event went. */
    record Placed(String nodeId, long seq, int eventIndex, String topic, int partition, long offset) {
    }

    @Test
    void everyValidEventArrivesExactlyOnceAmongHostileTraffic(DevStack stack) throws Exception {
        Map<String, String> limits = Map.of("ingest.rate.source-per-second", "100000", "ingest.rate.source-burst", "100000",
                "ingest.rate.node-per-second", "100000", "ingest.rate.node-burst", "100000");
        List<MessageSigner> nodes = List.of(MessageSigner.generate(), MessageSigner.generate(), MessageSigner.generate());
        Set<Placed> receipted = ConcurrentHashMap.newKeySet();
        Map<String, Integer> refusals = new ConcurrentHashMap<>();
        try (RunningIngest ingest = RunningIngest.start(stack, limits)) {
            for (MessageSigner n : nodes) {
                ingest.register(n);
            }
            ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                MessageSigner node = nodes.get(i);
                long seed = 1000L + i;
                runs.add(pool.submit(() -> {
                    sendMixed(ingest, node, new Random(seed), 60, receipted, refusals);
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
            pool.shutdown();
        }
        assertThat(refusals).as("hostile requests were refused for several reasons").hasSizeGreaterThan(4);

        Set<String> ours = Set.of(nodes.get(0).address(), nodes.get(1).address(), nodes.get(2).address());
        List<Placed> stored = readEvents(stack, ours, receipted.size());
        assertThat(stored).as("no event stored twice").doesNotHaveDuplicates();
        assertThat(Set.copyOf(stored)).as("exactly the receipted events, each where its receipt says").isEqualTo(receipted);
        System.out.printf("mixed stream: %d valid events stored exactly once; refusals %s%n", stored.size(), refusals);
    }

    /**
     * One node's stream: valid requests (always 202) interleaved with hostile ones (never 202);
     * every valid event's receipt entry goes to {@code receipted}.
     */
    private static void sendMixed(RunningIngest ingest, MessageSigner node, Random r, int validRequests, Set<Placed> receipted,
                                  Map<String, Integer> refusals) throws Exception {
        long seq = 0;
        List<byte[]> accepted = new ArrayList<>();
        MessageSigner stranger = MessageSigner.generate();
        int sent = 0;
        while (sent < validRequests) {
            int pick = r.nextInt(10);
            if (pick < 4) {
                byte[] body = validBody(r, node, ++seq);
                HttpResponse<String> resp = ingest.send(node, body);
                assertThat(resp.statusCode()).as("valid request: %s", resp.body()).isEqualTo(202);
                JsonNode receipt = JSON.readTree(resp.body());
                for (JsonNode e : receipt.get("events")) {
                    receipted.add(new Placed(node.address(), seq, e.get("eventIndex").asInt(), e.get("topic").asText(),
                            e.get("partition").asInt(), e.get("offset").asLong()));
                }
                accepted.add(body);
                sent++;
                continue;
            }
            HttpResponse<String> resp;
            if (pick < 6 || accepted.isEmpty()) {
                BodyMutations.Case c = BodyMutations.generate(r);
                while (c.expected().accepted()) {
                    c = BodyMutations.generate(r);
                }
                byte[] body = c.render(node.address(), seq + 1, System.currentTimeMillis());
                resp = ingest.send(c.signWithOtherKey() ? stranger : node, body);
            } else if (pick < 8) {
                resp = ingest.send(node, accepted.get(r.nextInt(accepted.size()))); // replay, freshly signed: same bytes
            } else if (pick < 9) {
                byte[] original = accepted.get(r.nextInt(accepted.size()));
                byte[] tampered = java.util.Arrays.copyOf(original, original.length + 1);
                tampered[original.length] = ' '; // still valid JSON, no longer the signed bytes
                resp = ingest.post("/v1/telemetry", "application/json", tampered,
                        Map.of("X-Proofmesh-Signature", RunningIngest.signature(node, original)));
            } else {
                resp = ingest.send(stranger, validBody(r, stranger, seq + 1)); // signed by an unregistered key
            }
            assertThat(resp.statusCode()).as("hostile request must be refused: %s", resp.body()).isNotEqualTo(202);
            refusals.merge(JSON.readTree(resp.body()).path("code").asText(), 1, Integer::sum);
        }
    }

    private static byte[] validBody(Random r, MessageSigner node, long seq) {
        com.fasterxml.jackson.databind.node.ObjectNode body = BodyMutations.validBody(r);
        return new BodyMutations.Case("valid", body, BodyMutations.Expectation.ACCEPTED, 0, false, false, false, r.nextLong())
                .render(node.address(), seq, System.currentTimeMillis());
    }

    /** Every event of {@code nodes} in the three event topics, up to the end offsets seen once {@code expected} were there. */
    private static List<Placed> readEvents(DevStack stack, Set<String> nodes, int expected) {
        KafkaClients kafka = new KafkaClients(FastTestProfile.settings(stack));
        try (KafkaConsumer<String, GenericRecord> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.generic(new SchemaRegistryClient(stack.registryUrl())))) {
            List<Placed> out = new ArrayList<>();
            // Every 202 came after acks=all, so the end offsets taken now already cover every receipted event.
            RecordPolling.readToEnd(c, EVENT_TOPICS, Duration.ofSeconds(60), rec -> {
                if (nodes.contains(rec.key())) {
                    GenericRecord v = rec.value();
                    out.add(new Placed(v.get("nodeId").toString(), (Long) v.get("seq"), (Integer) v.get("eventIndex"),
                            rec.topic(), rec.partition(), rec.offset()));
                }
            });
            assertThat(out.size()).as("events read back").isGreaterThanOrEqualTo(expected);
            return out;
        }
    }
}
