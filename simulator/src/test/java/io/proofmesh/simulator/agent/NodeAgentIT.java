package io.proofmesh.simulator.agent;

import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.simulator.testing.StoredEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** The node SDK against a real ingest on the DevStack: batching, verified receipts that point at the stored events, 429 retries. */
@DevStackTest
class NodeAgentIT {

    private static RunningIngest ingest;
    private static IngestConnection connection;
    private static DevStack stack;

    @BeforeAll
    static void start(DevStack devStack) throws Exception {
        stack = devStack;
        // A tight per-node limit (burst 3, one request per 2 s after it) so the 429 test can provoke one.
        ingest = RunningIngest.start(stack, Map.of("ingest.rate.node-per-second", "0.5", "ingest.rate.node-burst", "3"));
        connection = IngestConnection.to("http://127.0.0.1:" + ingest.service().port())
                .expectedIngestAddress(ingest.service().receiptAddress()).build();
    }

    @AfterAll
    static void stop() {
        connection.close();
        ingest.close();
    }

    private static NodeEvent.Heartbeat heartbeat(int i) {
        return new NodeEvent.Heartbeat(1000 + i, 10_000 * i, 0, i % 3, "agent-it/1");
    }

    @Test
    void batchesEventsIntoFewRequestsAndEveryReceiptPointsAtItsStoredEvent(@TempDir Path dir) throws Exception {
        MessageSigner key = MessageSigner.generate();
        ingest.register(key);
        Path receiptFile = dir.resolve("receipts.jsonl");
        try (ReceiptLog log = ReceiptLog.appendingTo(receiptFile)) {
            NodeAgent agent = NodeAgent.builder(connection, key, SigningDomain.DEVNET).maxEventsPerRequest(10)
                    .flushInterval(Duration.ofMillis(300)).receipts(log).build();
            List<CompletableFuture<Delivery>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                futures.add(agent.submit(heartbeat(i)));
            }
            futures.add(agent.submit(new NodeEvent.Capacity("NVIDIA L4", 1, 24_576, 8, 32_768, 4, 3)));
            agent.close(); // flushes the last 5 and waits for every answer

            List<Delivery> deliveries = futures.stream().map(CompletableFuture::join).distinct().toList();
            assertThat(deliveries).hasSize(3).allMatch(d -> d.outcome() == Delivery.Outcome.ACCEPTED);
            assertThat(deliveries.stream().map(d -> d.request().eventCount())).containsExactly(10, 10, 5);
            assertThat(deliveries.stream().map(d -> d.request().seq()).toList()).isSorted().doesNotHaveDuplicates();
            assertThat(agent.counters().sentRequests()).isEqualTo(3);
            assertThat(agent.counters().sentEvents()).isEqualTo(25);
            assertThat(agent.counters().acceptedEvents()).isEqualTo(25);
            assertThat(log.size()).isEqualTo(3);
            log.flush();
            assertThat(Files.readAllLines(receiptFile)).hasSize(3).allMatch(l -> l.startsWith("{\"receipt\":\"{\\\"v\\\":1,"));

            StoredEvents stored = StoredEvents.read(FastTestProfile.settings(stack), stack.registryUrl(),
                    List.of(TopicCatalog.HEARTBEATS.name(), TopicCatalog.CAPACITY.name()), Duration.ofSeconds(30));
            int found = 0;
            for (Receipt r : log.all()) {
                assertThat(r.ingestAddress()).isEqualTo(ingest.service().receiptAddress());
                for (Receipt.EventPosition p : r.events()) {
                    StoredEvents.Stored s = stored.at(p);
                    assertThat(s).as("event at %s", p).isNotNull();
                    assertThat(s.nodeId()).isEqualTo(key.address());
                    assertThat(s.seq()).isEqualTo(r.seq());
                    assertThat(s.eventIndex()).isEqualTo(p.eventIndex());
                    assertThat(s.bodyDigest()).isEqualTo(r.bodyDigest());
                    found++;
                }
            }
            assertThat(found).isEqualTo(25);
            assertThat(log.all().get(2).events().get(4).topic()).isEqualTo(TopicCatalog.CAPACITY.name());
        }
    }

    @Test
    void a429IsRetriedWithTheSameBytesAfterRetryAfter() throws Exception {
        MessageSigner key = MessageSigner.generate();
        ingest.register(key);
        NodeAgent agent = NodeAgent.builder(connection, key, SigningDomain.DEVNET).flushInterval(Duration.ZERO).build();
        List<Delivery> ds = new ArrayList<>();
        long slowest = 0;
        for (int i = 0; i < 5; i++) { // burst 3, then one request per 2 s
            long t0 = System.nanoTime();
            ds.add(agent.sendAndWait(List.of(heartbeat(i))));
            slowest = Math.max(slowest, System.nanoTime() - t0);
        }
        assertThat(ds).allMatch(d -> d.outcome() == Delivery.Outcome.ACCEPTED);
        assertThat(agent.counters().retryableAnswers()).containsKey(429);
        assertThat(agent.counters().retries()).isPositive();
        assertThat(ds.stream().filter(d -> d.attempts() > 1)).isNotEmpty();
        // Retry-After was at least 1 s: the retried request waited for it instead of hammering ingest.
        assertThat(Duration.ofNanos(slowest)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(agent.receipts().size()).isEqualTo(5);
    }

    @Test
    void aRefusalIsFinalAndCountedByItsCode() {
        MessageSigner unregistered = MessageSigner.generate();
        NodeAgent agent = NodeAgent.builder(connection, unregistered, SigningDomain.DEVNET).flushInterval(Duration.ZERO).build();
        Delivery d = agent.sendAndWait(List.of(heartbeat(1)));
        assertThat(d.outcome()).isEqualTo(Delivery.Outcome.REJECTED);
        assertThat(d.reasonCode()).isEqualTo("UNKNOWN_NODE");
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(agent.counters().rejectedByCode()).containsEntry("UNKNOWN_NODE", 1L);
    }
}
