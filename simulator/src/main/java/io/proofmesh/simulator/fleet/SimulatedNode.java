package io.proofmesh.simulator.fleet;

import io.proofmesh.simulator.agent.Delivery;
import io.proofmesh.simulator.agent.NodeAgent;
import io.proofmesh.simulator.agent.NodeEvent;
import io.proofmesh.simulator.agent.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** One node of the fleet: its profile, its agent(s), and what it does at each heartbeat tick. */
public final class SimulatedNode {

    /** What a node does at a tick. */
    enum Action { SEND, SKIP, REPLAY_FIRST, FORGE_WRONG_KEY, FORGE_TAMPERED }

    static final String AGENT_VERSION = "proofmesh-sim/0.1.0";
    /** How far a SKEWED node's clock is off: three times ingest's default window of ±5 min. */
    static final Duration SKEW = Duration.ofMinutes(15);

    private final int index;
    private final NodeProfile profile;
    private final NodeAgent agent;
    private final NodeAgent impostor; // FORGER only: signs for this nodeId with someone else's key
    private final Random random;
    private final int capacityEvery;
    private final AtomicInteger tick = new AtomicInteger();
    private volatile SignedRequest first;

    SimulatedNode(int index, NodeProfile profile, NodeAgent agent, NodeAgent impostor, long seed, int capacityEvery) {
        this.index = index;
        this.profile = profile;
        this.agent = agent;
        this.impostor = impostor;
        this.random = new Random(seed * 1_000_003L + index);
        this.capacityEvery = capacityEvery;
    }

    public int index() {
        return index;
    }

    public NodeProfile profile() {
        return profile;
    }

    public String nodeId() {
        return agent.nodeId();
    }

    public NodeAgent agent() {
        return agent;
    }

    /** The behaviour of {@code profile} at tick {@code t} (0-based); {@code coin} decides a flaky node's misses. */
    static Action action(NodeProfile profile, int t, boolean coin) {
        return switch (profile) {
            case HONEST, SLOW, SKEWED -> Action.SEND;
            case FLAKY -> t == 0 || coin ? Action.SEND : Action.SKIP;
            case REPLAYER -> t == 0 ? Action.SEND : Action.REPLAY_FIRST;
            case FORGER -> t % 2 == 0 ? Action.FORGE_WRONG_KEY : Action.FORGE_TAMPERED;
        };
    }

    /**
     * The body with one digit of {@code uptimeSeconds} changed: still valid JSON with the same
     * length, so only the signature check can catch it.
     */
    static byte[] tamper(byte[] body) {
        byte[] out = body.clone();
        byte[] key = "\"uptimeSeconds\":".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(out, key);
        if (at < 0) {
            throw new IllegalArgumentException("no uptimeSeconds in the body to tamper with");
        }
        int d = at + key.length;
        out[d] = (byte) (out[d] == '9' ? '8' : out[d] + 1);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Runs one tick; {@code tally} hears how every request this tick sent ended, with its action. */
    void onTick(long uptimeSeconds, FleetTally tally) {
        int t = tick.getAndIncrement();
        boolean coin;
        List<NodeEvent> events;
        synchronized (random) {
            coin = random.nextBoolean();
            events = events(t, uptimeSeconds);
        }
        Action a = action(profile, t, coin);
        switch (a) {
            case SKIP -> tally.missedHeartbeat();
            case SEND -> {
                SignedRequest r = agent.sign(events);
                if (t == 0) {
                    first = r;
                }
                watch(agent.sendSigned(r), a, tally::outcome);
            }
            case REPLAY_FIRST -> {
                SignedRequest old = first;
                watch(old == null ? agent.send(events) : agent.sendSigned(old), a, tally::outcome);
            }
            case FORGE_WRONG_KEY -> watch(impostor.send(events), a, tally::outcome);
            case FORGE_TAMPERED -> {
                SignedRequest honest = agent.sign(events);
                SignedRequest forged = new SignedRequest(honest.nodeId(), honest.seq(), tamper(honest.body()),
                        honest.signatureHeader(), honest.eventCount());
                watch(agent.sendSigned(forged), a, tally::outcome);
            }
        }
    }

    private void watch(CompletableFuture<Delivery> f, Action a, java.util.function.BiConsumer<Action, Delivery> sink) {
        f.thenAccept(d -> sink.accept(a, d));
    }

    private List<NodeEvent> events(int t, long uptimeSeconds) {
        List<NodeEvent> events = new ArrayList<>(2);
        int jobs = random.nextInt(5);
        events.add(new NodeEvent.Heartbeat(Math.max(1, uptimeSeconds + index % 1000), 50_000 + random.nextInt(900_000),
                random.nextInt(1_000_001), jobs, AGENT_VERSION));
        if (t % capacityEvery == 0) {
            events.add(new NodeEvent.Capacity(gpuModel(), 1, 24_576, 8, 32_768, 4, 4 - Math.min(4, jobs)));
        }
        return events;
    }

    String gpuModel() {
        return index % 3 == 0 ? "NVIDIA L4" : index % 3 == 1 ? "NVIDIA A10G" : "NVIDIA T4";
    }

    void close(Consumer<NodeAgent> closer) {
        closer.accept(agent);
        if (impostor != null) {
            closer.accept(impostor);
        }
    }
}
