package io.proofmesh.simulator.agent;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.protocol.SigningDomain;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node SDK: one node's telemetry sender. Events are queued and sent in batches (a request
 * when {@code maxEventsPerRequest} are queued, or every flush interval); each batch is
 * serialised once, signed (EIP-191 over the exact bytes) and sent as those bytes, retried as
 * the same bytes (PROTOCOL.md §5). Requests of one node go one at a time, in seq order, so none
 * overtakes another and earns STALE_SEQ. Receipts of 202s are verified and kept.
 *
 * <p>Thousands of agents share one {@link IngestConnection} (HTTP client, threads). Thread-safe.
 */
public final class NodeAgent implements AutoCloseable {

    private final IngestConnection connection;
    private final MessageSigner signer;
    private final String nodeId;
    private final SigningDomain domain;
    private final int maxEventsPerRequest;
    private final Clock clock;
    private final AgentCounters counters;
    private final ReceiptLog receipts;
    private final ProbeResponder probes;
    private final ScheduledFuture<?> periodicFlush;

    private final List<NodeEvent> queue = new ArrayList<>();
    private CompletableFuture<Delivery> pending = new CompletableFuture<>();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private long lastSeq = -1;

    private NodeAgent(Builder b) {
        this.connection = b.connection;
        this.signer = b.signer;
        this.nodeId = b.nodeId == null ? b.signer.address() : b.nodeId;
        this.domain = b.domain;
        this.maxEventsPerRequest = b.maxEventsPerRequest;
        this.clock = b.clock;
        this.counters = b.counters;
        this.receipts = b.receipts;
        this.probes = new ProbeResponder(signer, nodeId, domain);
        this.periodicFlush = b.flushInterval.isZero() ? null
                : connection.scheduler().scheduleWithFixedDelay(this::flush, b.flushInterval.toMillis(),
                        b.flushInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An agent for the node whose identity is {@code signer}'s address (override with {@link Builder#nodeId}). */
    public static Builder builder(IngestConnection connection, MessageSigner signer, SigningDomain domain) {
        return new Builder(connection, signer, domain);
    }

    public static final class Builder {
        private final IngestConnection connection;
        private final MessageSigner signer;
        private final SigningDomain domain;
        private String nodeId;
        private int maxEventsPerRequest = 20;
        private Duration flushInterval = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();
        private AgentCounters counters = new AgentCounters();
        private ReceiptLog receipts = ReceiptLog.inMemory();

        private Builder(IngestConnection connection, MessageSigner signer, SigningDomain domain) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.signer = Objects.requireNonNull(signer, "signer");
            this.domain = Objects.requireNonNull(domain, "domain");
        }

        /** The node's identity when it differs from the signing key's address (after a key rotation). */
        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /** 1..100 (PROTOCOL.md §3.4); default 20. */
        public Builder maxEventsPerRequest(int n) {
            if (n < 1 || n > 100) {
                throw new IllegalArgumentException("maxEventsPerRequest must be 1..100, got " + n);
            }
            this.maxEventsPerRequest = n;
            return this;
        }

        /** Send what is queued at least this often; {@link Duration#ZERO} = only on {@link #flush()} or a full batch. */
        public Builder flushInterval(Duration d) {
            this.flushInterval = d;
            return this;
        }

        /** The clock for {@code sentAt} and the first {@code seq}. */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** Counters to add to (share one among many agents to aggregate). */
        public Builder counters(AgentCounters c) {
            this.counters = c;
            return this;
        }

        /** Where receipts go (share one among many agents, or give each its own). */
        public Builder receipts(ReceiptLog r) {
            this.receipts = r;
            return this;
        }

        public NodeAgent build() {
            return new NodeAgent(this);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public SigningDomain domain() {
        return domain;
    }

    public AgentCounters counters() {
        return counters;
    }

    public ReceiptLog receipts() {
        return receipts;
    }

    /** Answers the network's latency probes for this node. */
    public ProbeResponder probeResponder() {
        return probes;
    }

    /**
     * Queues an event. The future completes with the delivery of the request that carries it
     * (sent when the batch is full, at the next flush interval, or on {@link #flush()}).
     */
    public synchronized CompletableFuture<Delivery> submit(NodeEvent event) {
        queue.add(Objects.requireNonNull(event, "event"));
        CompletableFuture<Delivery> f = pending;
        if (queue.size() >= maxEventsPerRequest) {
            flushLocked();
        }
        return f;
    }

    /** Sends what is queued now; the future of that request, or a completed {@code null} when nothing was queued. */
    public synchronized CompletableFuture<Delivery> flush() {
        if (queue.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return flushLocked();
    }

    private CompletableFuture<Delivery> flushLocked() {
        List<NodeEvent> batch = List.copyOf(queue);
        queue.clear();
        CompletableFuture<Delivery> out = pending;
        pending = new CompletableFuture<>();
        CompletableFuture<Delivery> sent = chain(() -> connection.deliver(sign(batch), counters, receipts));
        sent.whenComplete((d, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(d);
            }
        });
        return out;
    }

    /** Sends {@code events} as one request now (after any request of this node still in flight). */
    public CompletableFuture<Delivery> send(List<? extends NodeEvent> events) {
        if (events.isEmpty() || events.size() > 100) {
            throw new IllegalArgumentException("a request carries 1..100 events, got " + events.size());
        }
        List<NodeEvent> batch = List.copyOf(events);
        synchronized (this) {
            return chain(() -> connection.deliver(sign(batch), counters, receipts));
        }
    }

    /** {@link #send} and wait: for scripts and tests. */
    public Delivery sendAndWait(List<? extends NodeEvent> events) {
        return send(events).join();
    }

    /**
     * Sends already-signed bytes exactly as they are (e.g. a stored request, or one built by a
     * test); ingest's answer decides the outcome like for any other request.
     */
    public CompletableFuture<Delivery> sendSigned(SignedRequest request) {
        synchronized (this) {
            return chain(() -> connection.deliver(request, counters, receipts));
        }
    }

    /** Completes when every request handed over so far has its final answer. */
    public synchronized CompletableFuture<Void> idle() {
        return tail.handle((x, e) -> null);
    }

    /**
     * Serialises and signs a body with the next seq: max(last + 1, now in ms), so a restarted
     * agent without stored state still goes above its earlier seqs (PROTOCOL.md §5).
     */
    public synchronized SignedRequest sign(List<? extends NodeEvent> events) {
        long now = clock.millis();
        long seq = Math.max(lastSeq + 1, now);
        lastSeq = seq;
        byte[] body = TelemetryBody.encode(domain.network(), domain.chainId(), nodeId, seq, now, events);
        return SignedRequest.of(nodeId, seq, body, signer.signPersonal(body), events.size());
    }

    /** Must hold the lock: links the next request after the current tail, so one node sends one at a time. */
    private CompletableFuture<Delivery> chain(java.util.function.Supplier<CompletableFuture<Delivery>> next) {
        CompletableFuture<Delivery> f = tail.handle((x, e) -> null).thenCompose(x -> next.get());
        tail = f;
        return f;
    }

    /** Stops the periodic flush and sends what is still queued; returns when everything has its answer. */
    @Override
    public void close() {
        if (periodicFlush != null) {
            periodicFlush.cancel(false);
        }
        flush();
        idle().join();
    }
}
