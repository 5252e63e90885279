package io.proofmesh.ingest.prober;

import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which node is probed when. Every ACTIVE node of the registry gets a random phase
 * when first seen and is then probed at its {@link ProbeSlots}. The node list is re-read every
 * {@code refreshInterval}, so nodes registered (or re-activated) while running are picked up;
 * a node that is suspended or gone when its slot comes is dropped instead of probed.
 *
 * <p>{@link #refresh} and {@link #takeDue} are the whole logic and take the time as an
 * argument (unit-testable); {@link #start} runs them on one thread with the wall clock.
 */
public final class ProbeScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeScheduler.class);

    private record Due(long atMillis, String nodeId, long phase) { }

    private final ProbeSlots slots;
    private final Supplier<? extends Iterable<NodeRegistration>> nodes;
    private final Function<String, Optional<NodeRegistration>> lookup;
    private final Consumer<NodeRegistration> dispatch;
    private final LongSupplier clock;
    private final RandomGenerator random;
    private final long refreshMillis;
    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> Long.compare(a.atMillis, b.atMillis));
    private final Map<String, Long> phases = new HashMap<>();
    private final Thread thread;
    private volatile boolean running;

    /**
     * @param nodes    every registration (e.g. the registry view's {@code all})
     * @param lookup   the current registration of one node
     * @param dispatch runs one probe; may block when too many probes are in flight (back-pressure)
     * @param clock    wall-clock milliseconds
     */
    public ProbeScheduler(ProbeSlots slots, Supplier<? extends Iterable<NodeRegistration>> nodes,
                          Function<String, Optional<NodeRegistration>> lookup, Consumer<NodeRegistration> dispatch,
                          LongSupplier clock, RandomGenerator random, Duration refreshInterval) {
        this.slots = slots;
        this.nodes = nodes;
        this.lookup = lookup;
        this.dispatch = dispatch;
        this.clock = clock;
        this.random = random;
        this.refreshMillis = Math.max(1, refreshInterval.toMillis());
        this.thread = new Thread(this::loop, "probe-scheduler");
        this.thread.setDaemon(true);
    }

    /** Schedules every ACTIVE node not yet scheduled at its first slot after {@code nowMillis}. */
    public synchronized int refresh(long nowMillis) {
        int added = 0;
        for (NodeRegistration r : nodes.get()) {
            String id = r.getNodeId();
            if (r.getStatus() == NodeStatus.ACTIVE && !phases.containsKey(id)) {
                long phase = slots.randomPhase(random);
                phases.put(id, phase);
                queue.add(new Due(slots.nextSlotAfter(nowMillis, phase), id, phase));
                added++;
            }
        }
        return added;
    }

    /**
     * The registrations whose slot is at or before {@code nowMillis}, each rescheduled to its next
     * slot; nodes no longer ACTIVE are dropped (and picked up again by {@link #refresh} if re-activated).
     * A node whose slot was missed by more than one spacing (e.g. after a stall) skips the missed slots.
     */
    public synchronized List<NodeRegistration> takeDue(long nowMillis) {
        List<NodeRegistration> out = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().atMillis <= nowMillis) {
            Due d = queue.poll();
            Optional<NodeRegistration> r = lookup.apply(d.nodeId);
            if (r.isEmpty() || r.get().getStatus() != NodeStatus.ACTIVE) {
                phases.remove(d.nodeId);
                continue;
            }
            out.add(r.get());
            queue.add(new Due(slots.nextSlotAfter(Math.max(d.atMillis, nowMillis), d.phase), d.nodeId, d.phase));
        }
        return out;
    }

    /** Nodes currently scheduled. */
    public synchronized int scheduledNodes() {
        return phases.size();
    }

    /** The next slot of {@code nodeId}, if scheduled (for tests and diagnostics). */
    public synchronized Optional<Long> nextSlotOf(String nodeId) {
        return queue.stream().filter(d -> d.nodeId.equals(nodeId)).map(Due::atMillis).findFirst();
    }

    private synchronized long nextDueMillis(long fallback) {
        return queue.isEmpty() ? fallback : Math.min(fallback, queue.peek().atMillis);
    }

    public ProbeScheduler start() {
        running = true;
        thread.start();
        return this;
    }

    private void loop() {
        long nextRefresh = 0;
        while (running) {
            try {
                long now = clock.getAsLong();
                if (now >= nextRefresh) {
                    int added = refresh(now);
                    if (added > 0) {
                        LOG.info("scheduled {} more node(s) for probing; {} in all", added, scheduledNodes());
                    }
                    nextRefresh = now + refreshMillis;
                }
                for (NodeRegistration r : takeDue(now)) {
                    dispatch.accept(r);
                }
                long sleep = nextDueMillis(nextRefresh) - clock.getAsLong();
                if (sleep > 0) {
                    Thread.sleep(Math.min(sleep, refreshMillis));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // One bad registration or a failed dispatch must not stop all probing.
                LOG.error("probe scheduling failed; continuing: {}", e.toString(), e);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
