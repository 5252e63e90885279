package io.proofmesh.simulator.fleet;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.simulator.agent.AgentCounters;
import io.proofmesh.simulator.agent.IngestConnection;
import io.proofmesh.simulator.agent.NodeAgent;
import io.proofmesh.simulator.agent.ReceiptLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Runs a fleet of simulated nodes in one process: derives their keys from the seed, starts one
 * probe server for all of them, registers them with ingest, then has each send a heartbeat
 * (and now and then a capacity report) every interval, phases spread evenly, for the duration.
 * All nodes share one HTTP client and two scheduler threads.
 *
 * <p>{@link #prepare} does everything up to the first heartbeat (so a test can probe the nodes),
 * {@link #run} sends and returns the report.
 */
public final class FleetSimulator implements AutoCloseable {

    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};

    private final FleetConfig config;
    private final Consumer<String> progress;
    private final IngestConnection connection;
    private final ProbeEndpointServer probes;
    private final ReceiptLog receipts;
    private final List<SimulatedNode> nodes;
    private final Map<NodeProfile, Integer> counts;
    private final Map<NodeProfile, AgentCounters> counters;
    private final FleetTally tally = new FleetTally();
    private final List<FleetRegistrar.Registration> registrations;

    private FleetSimulator(FleetConfig config, Consumer<String> progress, IngestConnection connection, ProbeEndpointServer probes,
                           ReceiptLog receipts, List<SimulatedNode> nodes, Map<NodeProfile, Integer> counts,
                           Map<NodeProfile, AgentCounters> counters, List<FleetRegistrar.Registration> registrations) {
        this.config = config;
        this.registrations = registrations;
        this.progress = progress;
        this.connection = connection;
        this.probes = probes;
        this.receipts = receipts;
        this.nodes = nodes;
        this.counts = counts;
        this.counters = counters;
    }

    /** Keys, probe server, registration, agents: everything but sending. */
    public static FleetSimulator prepare(FleetConfig cfg, Consumer<String> progress)
            throws IOException, InterruptedException, FleetRegistrar.RegistrationException {
        long t0 = System.nanoTime();
        List<NodeProfile> profiles = cfg.mix().assign(cfg.nodes(), cfg.seed());
        Map<NodeProfile, Integer> counts = cfg.mix().counts(cfg.nodes());
        progress.accept("fleet of " + cfg.nodes() + " nodes: " + describe(counts) + " (seed " + cfg.seed() + ")");

        MessageSigner[] keys = new MessageSigner[cfg.nodes()];
        MessageSigner[] impostors = new MessageSigner[cfg.nodes()];
        IntStream.range(0, cfg.nodes()).parallel().forEach(i -> {
            keys[i] = FleetKeys.nodeKey(cfg.seed(), i);
            if (profiles.get(i) == NodeProfile.FORGER) {
                impostors[i] = FleetKeys.impostorKey(cfg.seed(), i);
            }
        });
        progress.accept(String.format("keys derived in %.1f s", (System.nanoTime() - t0) / 1e9));

        IngestConnection.Builder cb = IngestConnection.to(cfg.ingestUrl()).maxInFlight(cfg.maxInFlight()).retry(cfg.retry());
        cfg.expectedIngestAddress().ifPresent(cb::expectedIngestAddress);
        IngestConnection connection = cb.build();
        ProbeEndpointServer probes = null;
        ReceiptLog receipts = null;
        try {
            probes = ProbeEndpointServer.start(cfg.probeHost(), cfg.probePort(), cfg.probeHost(), connection.scheduler());
            progress.accept("probe endpoints for all nodes on http://" + cfg.probeHost() + ":" + probes.port() + "/probe/{nodeId}");
            receipts = cfg.receiptsFile().isPresent() ? ReceiptLog.appendingTo(cfg.receiptsFile().get()) : ReceiptLog.inMemory();

            Map<NodeProfile, AgentCounters> counters = new EnumMap<>(NodeProfile.class);
            for (NodeProfile p : NodeProfile.values()) {
                counters.put(p, new AgentCounters());
            }
            List<SimulatedNode> nodes = new ArrayList<>(cfg.nodes());
            List<FleetRegistrar.Registration> regs = new ArrayList<>(cfg.nodes());
            for (int i = 0; i < cfg.nodes(); i++) {
                NodeProfile p = profiles.get(i);
                NodeAgent agent = agent(cfg, connection, keys[i], keys[i].address(), clockFor(p, i), counters.get(p), receipts);
                NodeAgent impostor = p == NodeProfile.FORGER
                        ? agent(cfg, connection, impostors[i], keys[i].address(), Clock.systemUTC(), counters.get(p), receipts)
                        : null;
                SimulatedNode n = new SimulatedNode(i, p, agent, impostor, cfg.seed(), cfg.capacityEvery());
                nodes.add(n);
                probes.add(n.nodeId(), agent.probeResponder(), p == NodeProfile.SLOW ? cfg.slowProbeDelay() : Duration.ZERO);
                regs.add(new FleetRegistrar.Registration(n.nodeId(), probes.urlFor(n.nodeId()), REGIONS[i % REGIONS.length],
                        n.gpuModel(), 1, 24_576, 8, 32_768, 4));
            }

            long tr = System.nanoTime();
            progress.accept("registering " + cfg.nodes() + " nodes with " + cfg.ingestUrl() + " ...");
            FleetRegistrar.Result r = new FleetRegistrar(cfg.ingestUrl(), cfg.adminToken(), cfg.registrationConcurrency())
                    .register(regs, progress);
            progress.accept(String.format("registration: %d new, %d updated, %d unchanged, %d failed in %.1f s", r.created(),
                    r.updated(), r.unchanged(), r.failures().size(), (System.nanoTime() - tr) / 1e9));
            if (!r.failures().isEmpty()) {
                r.failures().stream().limit(5).forEach(f -> progress.accept("  registration failed: " + f));
                throw new FleetRegistrar.RegistrationException(r.failures().size() + " nodes could not be registered; first: "
                        + r.failures().get(0));
            }
            return new FleetSimulator(cfg, progress, connection, probes, receipts, List.copyOf(nodes), counts, counters,
                    List.copyOf(regs));
        } catch (IOException | InterruptedException | FleetRegistrar.RegistrationException | RuntimeException e) {
            if (probes != null) {
                probes.close();
            }
            if (receipts != null) {
                receipts.close();
            }
            connection.close();
            throw e;
        }
    }

    private static NodeAgent agent(FleetConfig cfg, IngestConnection c, MessageSigner key, String nodeId, Clock clock,
                                   AgentCounters counters, ReceiptLog receipts) {
        return NodeAgent.builder(c, key, cfg.domain()).nodeId(nodeId).clock(clock).counters(counters).receipts(receipts)
                .flushInterval(Duration.ZERO).build();
    }

    /** SKEWED nodes run 15 minutes fast or slow (alternating), everyone else on true time. */
    static Clock clockFor(NodeProfile p, int index) {
        if (p != NodeProfile.SKEWED) {
            return Clock.systemUTC();
        }
        return Clock.offset(Clock.systemUTC(), index % 2 == 0 ? SimulatedNode.SKEW : SimulatedNode.SKEW.negated());
    }

    public List<SimulatedNode> nodes() {
        return nodes;
    }

    /** What was registered for each node (a rerun registers the same). */
    public List<FleetRegistrar.Registration> registrations() {
        return registrations;
    }

    public ProbeEndpointServer probes() {
        return probes;
    }

    public ReceiptLog receipts() {
        return receipts;
    }

    /** Sends for the configured duration, waits for every answer (bounded), returns the report. */
    public FleetReport run() throws InterruptedException {
        long interval = config.heartbeatInterval().toMillis();
        long t0 = System.nanoTime();
        List<ScheduledFuture<?>> ticks = new ArrayList<>(nodes.size());
        for (SimulatedNode n : nodes) {
            long phase = interval * n.index() / nodes.size();
            ticks.add(connection.scheduler().scheduleAtFixedRate(() -> {
                try {
                    n.onTick(600 + (System.nanoTime() - t0) / 1_000_000_000L, tally);
                } catch (RuntimeException e) {
                    progress.accept("node " + n.nodeId() + " failed a tick: " + e);
                }
            }, phase, interval, TimeUnit.MILLISECONDS));
        }
        progress.accept("sending for " + config.duration().toSeconds() + " s: a heartbeat per node every "
                + interval + " ms, capacity every " + config.capacityEvery() + " heartbeats");
        long end = t0 + config.duration().toNanos();
        long nextReport = t0 + config.progressEvery().toNanos();
        while (System.nanoTime() < end) {
            long sleep = Math.min(end, nextReport) - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
            if (System.nanoTime() >= nextReport) {
                progress.accept(progressLine(t0));
                nextReport += config.progressEvery().toNanos();
            }
        }
        ticks.forEach(t -> t.cancel(false));
        Duration sending = Duration.ofNanos(System.nanoTime() - t0);
        progress.accept("stopped sending; waiting for the last answers ...");
        CompletableFuture<?>[] idle = nodes.stream().flatMap(n -> {
            List<CompletableFuture<Void>> l = new ArrayList<>();
            n.close(a -> l.add(a.idle()));
            return l.stream();
        }).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(idle).get(config.retry().deadline().toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            progress.accept("some requests had no final answer in time: " + e);
        }
        progress.accept(progressLine(t0));
        try {
            receipts.flush();
        } catch (IOException e) {
            progress.accept("cannot write the receipt file: " + e.getMessage());
        }
        return FleetReport.of(counts, counters, tally, probes.answered(), sending);
    }

    private String progressLine(long t0) {
        long sent = 0;
        long accepted = 0;
        long refused = 0;
        long retries = 0;
        long done = 0;
        for (AgentCounters c : counters.values()) {
            sent += c.sentRequests();
            accepted += c.acceptedRequests() + c.deliveredEarlier();
            refused += c.rejected();
            retries += c.retries();
            done += c.acceptedRequests() + c.deliveredEarlier() + c.rejected() + c.gaveUp() + c.invalidReceipts();
        }
        return String.format("%5.1f s: sent %d requests, accepted %d, refused %d, retries %d, awaiting an answer %d",
                (System.nanoTime() - t0) / 1e9, sent, accepted, refused, retries, sent - done);
    }

    private static String describe(Map<NodeProfile, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((p, c) -> {
            if (c > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(c).append(' ').append(p.label());
            }
        });
        return sb.toString();
    }

    @Override
    public void close() {
        probes.close();
        connection.close();
        try {
            receipts.close();
        } catch (IOException e) {
            progress.accept("cannot close the receipt file: " + e.getMessage());
        }
    }
}
