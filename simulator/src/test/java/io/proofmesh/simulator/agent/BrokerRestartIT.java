package io.proofmesh.simulator.agent;

import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.devstack.DevStackConfig;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.simulator.testing.StoredEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka broker is stopped and restarted while agents send: during the outage ingest answers
 * 503 + Retry-After, the agents retry the same bytes, and afterwards every event that got a 202
 * is in its topic at its receipt's position; any event stored twice is one a retry explains
 * (the processor's (nodeId, seq, eventIndex) dedupe removes it). Uses its own DevStack, so the
 * shared one of the other tests is never stopped.
 */
@Tag("integration")
class BrokerRestartIT {

    private static final int NODES = 10;

    @Test
    void everyAcceptedEventSurvivesABrokerRestartAndRetriesDeliverTheRest() throws Exception {
        DevStackConfig t = DevStackConfig.forTests(Path.of("target", "broker-restart-it"));
        DevStackConfig cfg = new DevStackConfig(t.dataDir(), t.kafkaPort(), t.controllerPort(), t.registryPort(), t.anvilPort(),
                t.chainId(), true, true, false, Optional.empty(), t.brokerOverrides(), Optional.empty(), Optional.empty(),
                t.startTimeout());
        try (DevStack stack = DevStack.start(cfg, m -> System.out.println("[restart-stack] " + m));
             // Fail fast while the broker is away: a request answers 503 within ~3 s instead of hanging.
             RunningIngest ingest = RunningIngest.start(stack, Map.of(
                     "ingest.ack-timeout", "3s",
                     "kafka.request.timeout.ms", "2000",
                     "kafka.delivery.timeout.ms", "3000",
                     "kafka.max.block.ms", "1000",
                     "ingest.rate.source-per-second", "100000", "ingest.rate.source-burst", "100000"));
             IngestConnection connection = IngestConnection.to("http://127.0.0.1:" + ingest.service().port())
                     .expectedIngestAddress(ingest.service().receiptAddress()).build()) {

            AgentCounters counters = new AgentCounters();
            ReceiptLog receipts = ReceiptLog.inMemory();
            List<NodeAgent> agents = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                MessageSigner key = MessageSigner.generate();
                ingest.register(key);
                agents.add(NodeAgent.builder(connection, key, SigningDomain.DEVNET).maxEventsPerRequest(5)
                        .flushInterval(Duration.ofMillis(200)).counters(counters).receipts(receipts).build());
            }
            List<CompletableFuture<Delivery>> futures = Collections.synchronizedList(new ArrayList<>());
            Thread load = new Thread(() -> {
                long uptime = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    uptime++;
                    for (NodeAgent a : agents) {
                        futures.add(a.submit(new NodeEvent.Heartbeat(uptime, 100_000, 0, 1, "restart-it/1")));
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "load");
            load.start();
            // Each phase lasts until what it is for has happened, not for a fixed time.
            await("traffic flowing").atMost(Duration.ofSeconds(60)).until(() -> counters.acceptedRequests() >= 50);
            long acceptedBefore = counters.acceptedRequests();
            stack.stopBroker();
            await("ingest answering 503 while Kafka is down").atMost(Duration.ofSeconds(60))
                    .until(() -> counters.retryableAnswers().getOrDefault(503, 0L) >= 10);
            long unavailableAnswers = counters.retryableAnswers().getOrDefault(503, 0L);
            stack.startBroker();
            long acceptedAtRestart = counters.acceptedRequests();
            await("traffic flowing again after the restart").atMost(Duration.ofSeconds(60))
                    .until(() -> counters.acceptedRequests() >= acceptedAtRestart + 100);
            load.interrupt();
            load.join();
            for (NodeAgent a : agents) {
                a.close(); // flush and wait for every final answer
            }

            List<Delivery> deliveries = futures.stream().map(CompletableFuture::join).distinct().toList();
            Map<Delivery.Outcome, Long> outcomes = deliveries.stream()
                    .collect(Collectors.groupingBy(Delivery::outcome, Collectors.counting()));
            System.out.printf("[restart] %d requests; outcomes %s; retried answers %s; retries %d; accepted before the stop %d%n",
                    deliveries.size(), outcomes, counters.retryableAnswers(), counters.retries(), acceptedBefore);

            assertThat(acceptedBefore).as("traffic flowed before the outage").isPositive();
            assertThat(unavailableAnswers).as("ingest answered 503 while the broker was down").isPositive();
            assertThat(deliveries).as("every request was delivered in the end").allMatch(Delivery::delivered);
            assertThat(deliveries.stream().filter(d -> d.attempts() > 1)).as("some were delivered by retries").isNotEmpty();

            StoredEvents stored = StoredEvents.read(FastTestProfile.settings(stack), stack.registryUrl(),
                    List.of(TopicCatalog.HEARTBEATS.name()), Duration.ofSeconds(60));
            // 1) Every event with a receipt is where its receipt says.
            int receipted = 0;
            for (Receipt r : receipts.all()) {
                for (Receipt.EventPosition p : r.events()) {
                    StoredEvents.Stored s = stored.at(p);
                    assertThat(s).as("event %d of %s seq %d at %s", p.eventIndex(), r.nodeId(), r.seq(), p).isNotNull();
                    assertThat(s.dedupeKey()).isEqualTo(r.nodeId() + "/" + r.seq() + "/" + p.eventIndex());
                    assertThat(s.bodyDigest()).isEqualTo(r.bodyDigest());
                    receipted++;
                }
            }
            // 2) Every delivered event (also those whose 202 was lost) is stored; duplicates come only from retried requests.
            Map<String, Integer> copies = new HashMap<>();
            stored.all().forEach(s -> copies.merge(s.dedupeKey(), 1, Integer::sum));
            Set<String> retriedKeys = new HashSet<>();
            int expected = 0;
            for (Delivery d : deliveries) {
                for (int i = 0; i < d.request().eventCount(); i++) {
                    String key = d.request().nodeId() + "/" + d.request().seq() + "/" + i;
                    assertThat(copies).as("delivered event %s is stored", key).containsKey(key);
                    if (d.attempts() > 1) {
                        retriedKeys.add(key);
                    }
                    expected++;
                }
            }
            List<String> duplicates = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            System.out.printf("[restart] %d events delivered, %d with a receipt, %d records stored, %d keys stored twice "
                    + "(all from retried requests; dedupe by (nodeId, seq, eventIndex) removes them): %s%n",
                    expected, receipted, stored.all().size(), duplicates.size(),
                    duplicates.stream().limit(5).toList());
            assertThat(retriedKeys).containsAll(duplicates);
            assertThat(copies.keySet()).hasSize(expected); // nothing stored that no agent sent
        }
    }
}
