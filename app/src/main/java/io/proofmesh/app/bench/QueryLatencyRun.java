package io.proofmesh.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Heartbeat → queryable: heartbeats at a steady rate to {@code telemetry.heartbeats} (ingest's
 * producer settings) while the processor runs; every {@code sampleEvery}-th one comes from a node
 * nothing was sent for before, and a poller asks the processor's {@code GET /v1/nodes/{id}} every
 * ~5 ms until that node's open epoch shows {@code heartbeatsCounted ≥ 1}. Latency = that answer's
 * arrival − the moment before {@code send}. The other heartbeats come from the fleet (new seqs), so
 * the processor is under load while it is measured. Interactive queries read the local state as
 * processed, before the transaction commits.
 */
public final class QueryLatencyRun {

    public record Result(long sent, double achievedRate, List<Long> latenciesNanos, int unseen, Map<String, Long> cpuNanos) {
        public long percentileNanos(double p) {
            if (latenciesNanos.isEmpty()) {
                return -1;
            }
            List<Long> sorted = latenciesNanos.stream().sorted().toList();
            int i = (int) Math.ceil(p * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        }
    }

    private record Pending(String nodeId, long sentNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP = Duration.ofSeconds(30);

    private QueryLatencyRun() {
    }

    public static Result run(KafkaClients kafka, SchemaRegistryClient registry, int httpPort, int rate, int seconds,
                             int sampleEvery, int fleetNodes, PrintStream out) throws Exception {
        String topic = TopicCatalog.HEARTBEATS.name();
        long total = (long) rate * seconds;
        ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
        List<Long> latencies = new ArrayList<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicReference<Exception> pollFailure = new AtomicReference<>();
        int[] unseen = {0};
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Thread poller = new Thread(() -> {
            try {
                while (sending.get() || !pending.isEmpty()) {
                    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                        Pending p = it.next();
                        if (counted(http, httpPort, p.nodeId())) {
                            long latency = System.nanoTime() - p.sentNanos();
                            synchronized (latencies) {
                                latencies.add(latency);
                            }
                            it.remove();
                        } else if (System.nanoTime() - p.sentNanos() > GIVE_UP.toNanos()) {
                            unseen[0]++;
                            it.remove();
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                pollFailure.set(e);
            }
        }, "bench-latency-poller");
        poller.setDaemon(true);
        long salt = System.nanoTime();
        Map<String, Long> cpu0 = ProcessCpu.snapshot();
        long t0;
        long sent = 0;
        long elapsed;
        try (KafkaProducer<String, Heartbeat> producer = new KafkaProducer<>(kafka.producerConfig("proofmesh-bench-latency"),
                new StringSerializer(), new AvroSerializer<>(registry, false))) {
            producer.partitionsFor(topic);
            poller.start();
            t0 = System.nanoTime();
            long nextReport = t0 + 5_000_000_000L;
            for (long i = 0; i < total; i++) {
                long due = t0 + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long now = System.currentTimeMillis();
                if (i % sampleEvery == 0) {
                    String node = BenchHeartbeats.freshNodeId(salt, (int) (i / sampleEvery));
                    long sentNanos = System.nanoTime();
                    producer.send(new ProducerRecord<>(topic, node, BenchHeartbeats.heartbeat(node, 1, now)));
                    pending.add(new Pending(node, sentNanos));
                } else {
                    String node = BenchHeartbeats.nodeId((int) (i % fleetNodes));
                    producer.send(new ProducerRecord<>(topic, node, BenchHeartbeats.heartbeat(node, 1_000_000_000L + i, now)));
                }
                sent++;
                if (System.nanoTime() > nextReport) {
                    nextReport += 5_000_000_000L;
                    int seen;
                    synchronized (latencies) {
                        seen = latencies.size();
                    }
                    out.printf("  latency: %,d heartbeats sent, %d samples seen queryable%n", sent, seen);
                }
            }
            producer.flush();
            elapsed = System.nanoTime() - t0;
        } finally {
            sending.set(false);
        }
        poller.join(GIVE_UP.toMillis() + 10_000);
        if (pollFailure.get() != null) {
            throw new IllegalStateException("querying the processor failed: " + pollFailure.get(), pollFailure.get());
        }
        synchronized (latencies) {
            return new Result(sent, sent * 1e9 / elapsed, List.copyOf(latencies), unseen[0],
                    ProcessCpu.delta(cpu0, ProcessCpu.snapshot()));
        }
    }

    /** True once the node's open epoch counts a heartbeat; 404 UNKNOWN_NODE means nothing of it is processed yet. */
    static boolean counted(HttpClient http, int port, String nodeId) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/nodes/" + nodeId))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404 || r.statusCode() == 503) {
            return false;
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET /v1/nodes/" + nodeId + " answered " + r.statusCode() + ": " + r.body());
        }
        return heartbeatsCounted(r.body()) >= 1;
    }

    /** Sum of heartbeatsCounted over the node's open epochs in a {@code GET /v1/nodes/{id}} answer. */
    public static long heartbeatsCounted(String body) throws IOException {
        JsonNode open = JSON.readTree(body).path("openEpochs");
        long n = 0;
        for (JsonNode e : open) {
            n += e.path("heartbeatsCounted").asLong();
        }
        return n;
    }
}
