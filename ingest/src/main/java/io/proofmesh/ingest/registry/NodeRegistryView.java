package io.proofmesh.ingest.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.ingest.protocol.NodeDirectory;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.serde.UndecodableRecordException;
import io.proofmesh.schemas.registry.NodeRegistration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest's live view of {@code nodes.registry}: reads the compacted topic from the start on
 * every partition, then follows it, so a registration, a key rotation or a suspension takes
 * effect on every ingest instance within a poll interval. No consumer group: every instance
 * needs every record. A tombstone (null value) removes the node.
 *
 * <p>An undecodable record is counted, logged and skipped — one bad record must not blind
 * ingest to every later registration.
 */
public final class NodeRegistryView implements NodeDirectory, KeyRotationVerifier.Registrations, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistryView.class);

    private final Supplier<Consumer<String, NodeRegistration>> consumerFactory;
    private final String topic;
    private final Map<String, NodeRegistration> nodes = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    /** Notified after every poll, so a writer waiting to see its own write wakes as soon as it is applied. */
    private final Object polled = new Object();
    private final Counter applied;
    private final Counter skipped;
    private final Thread thread;
    private volatile Consumer<String, NodeRegistration> consumer;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public NodeRegistryView(Supplier<Consumer<String, NodeRegistration>> consumerFactory, String topic, MeterRegistry metrics) {
        this.consumerFactory = consumerFactory;
        this.topic = topic;
        this.applied = Counter.builder("proofmesh_registry_records_applied").tag("topic", topic).register(metrics);
        this.skipped = Counter.builder("proofmesh_registry_records_skipped")
                .description("undecodable or inconsistent registry records").tag("topic", topic).register(metrics);
        Gauge.builder("proofmesh_registry_nodes", nodes, Map::size).tag("topic", topic).register(metrics);
        this.thread = new Thread(this::follow, "node-registry-view");
        this.thread.setDaemon(true);
    }

    public NodeRegistryView start() {
        thread.start();
        return this;
    }

    /** Blocks until everything on the topic at start-up has been read; a service is ready only then. */
    public void awaitCaughtUp(Duration timeout) throws InterruptedException {
        if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the node registry (" + topic + ") was not read within " + timeout.toSeconds()
                    + " s" + (failure == null ? "" : ": " + failure) + "; is Kafka reachable?");
        }
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    @Override
    public Optional<Entry> find(String nodeId) {
        NodeRegistration r = nodes.get(nodeId);
        return r == null ? Optional.empty() : Optional.of(new Entry(r.getSigningAddress(), r.getStatus()));
    }

    /** The full registration, for listing. */
    @Override
    public Optional<NodeRegistration> registration(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId));
    }

    /** Every registration, by nodeId (a snapshot). */
    public java.util.List<NodeRegistration> all() {
        return nodes.values().stream().sorted(java.util.Comparator.comparing(NodeRegistration::getNodeId)).toList();
    }

    /** A linear scan: rotations are rare, and an index would have to follow every write. */
    @Override
    public Optional<String> nodeUsingAddress(String address, String exceptNodeId) {
        return nodes.values().stream()
                .filter(r -> !r.getNodeId().equals(exceptNodeId))
                .filter(r -> r.getNodeId().equals(address) || r.getSigningAddress().equals(address))
                .map(NodeRegistration::getNodeId)
                .findFirst();
    }

    /**
     * Waits until the node's registration satisfies {@code condition} (e.g. equals a record just
     * written), or the timeout passes. The condition sees empty for an unregistered node.
     *
     * @return whether it was satisfied in time
     */
    public boolean awaitRegistration(String nodeId, Predicate<Optional<NodeRegistration>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (polled) {
            while (!condition.test(registration(nodeId))) {
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMillis <= 0) {
                    return false;
                }
                polled.wait(leftMillis);
            }
        }
        return true;
    }

    public int size() {
        return nodes.size();
    }

    private void follow() {
        try (Consumer<String, NodeRegistration> c = consumerFactory.get()) {
            consumer = c;
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> endAtStart = c.endOffsets(tps);
            while (running) {
                try {
                    RecordPolling.poll(c, Duration.ofMillis(200)).forEach(this::apply);
                    synchronized (polled) {
                        polled.notifyAll();
                    }
                } catch (UndecodableRecordException e) {
                    skipped.increment();
                    LOG.warn("skipping an undecodable node registration: {}", e.getMessage());
                    c.seek(new TopicPartition(e.topic(), e.partition()), e.offset() + 1);
                }
                if (!isCaughtUp() && endAtStart.entrySet().stream().allMatch(en -> c.position(en.getKey()) >= en.getValue())) {
                    caughtUp.countDown();
                    LOG.info("node registry loaded: {} nodes from {}", nodes.size(), topic);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("the node registry view stopped: {}", e.toString(), e);
        }
    }

    private void apply(ConsumerRecord<String, NodeRegistration> r) {
        if (r.value() == null) {
            nodes.remove(r.key());
        } else if (!r.value().getNodeId().equals(r.key())) {
            skipped.increment();
            LOG.warn("skipping the registration at {}-{}@{}: key {} is not its nodeId {}", r.topic(), r.partition(),
                    r.offset(), r.key(), r.value().getNodeId());
            return;
        } else {
            nodes.put(r.key(), r.value());
        }
        applied.increment();
    }

    @Override
    public void close() {
        running = false;
        Consumer<String, NodeRegistration> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
