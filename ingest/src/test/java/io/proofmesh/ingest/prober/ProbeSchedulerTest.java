package io.proofmesh.ingest.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.scoring.epoch.EpochSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The scheduler's logic on a simulated clock: who is probed when, pick-up and drop of nodes. */
class ProbeSchedulerTest {

    private static final EpochSchedule TEN_SECONDS = new EpochSchedule(0, 10_000, 2_000);

    private final Map<String, NodeRegistration> registry = new TreeMap<>();
    private final List<String> dispatched = new ArrayList<>();
    private final ProbeScheduler scheduler = new ProbeScheduler(new ProbeSlots(TEN_SECONDS, 5), registry::values,
            id -> Optional.ofNullable(registry.get(id)), r -> dispatched.add(r.getNodeId()), () -> 0L, new Random(7),
            Duration.ofSeconds(1));

    private static NodeRegistration node(int n, NodeStatus status) {
        String id = String.format("0x%040x", n);
        return NodeRegistration.newBuilder().setNodeId(id).setSigningAddress(id).setPayoutAddress(id).setOperatorAddress(id)
                .setRegion("eu-west").setProbeEndpoint("http://127.0.0.1:9/probe")
                .setDeclaredCapacity(Capacity.newBuilder().setGpuModel("").setGpuCount(0).setGpuMemoryMb(0).setCpuCores(1)
                        .setMemoryMb(1).setMaxConcurrentJobs(1).build())
                .setStatus(status).setRegisteredAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();
    }

    private void put(NodeRegistration r) {
        registry.put(r.getNodeId(), r);
    }

    /** Runs the scheduler from {@code from} to {@code to} (exclusive) in 1 ms steps, refreshing every second. */
    private Map<String, List<Long>> run(long from, long to) {
        Map<String, List<Long>> times = new HashMap<>();
        for (long t = from; t < to; t++) {
            if (t % 1_000 == 0) {
                scheduler.refresh(t);
            }
            for (NodeRegistration r : scheduler.takeDue(t)) {
                dispatched.add(r.getNodeId());
                times.computeIfAbsent(r.getNodeId(), k -> new ArrayList<>()).add(t);
            }
        }
        return times;
    }

    @Test
    void everyActiveNodeIsProbedPerEpochTimesPerEpochAtItsOwnPhase() {
        for (int n = 1; n <= 50; n++) {
            put(node(n, NodeStatus.ACTIVE));
        }
        put(node(99, NodeStatus.SUSPENDED));
        scheduler.refresh(-1);
        Map<String, List<Long>> times = run(0, 30_000);
        assertThat(times).hasSize(50).doesNotContainKey(node(99, NodeStatus.SUSPENDED).getNodeId());
        Map<Long, Integer> firstSlots = new HashMap<>();
        times.forEach((id, ts) -> {
            for (long e = 0; e < 3; e++) {
                long epoch = e;
                assertThat(ts.stream().filter(t -> TEN_SECONDS.epochOf(t) == epoch)).as(id + " epoch " + e).hasSize(5);
            }
            firstSlots.merge(ts.get(0), 1, Integer::sum);
            for (int i = 1; i < ts.size(); i++) {
                assertThat(ts.get(i) - ts.get(i - 1)).isEqualTo(2_000);
            }
        });
        // Random phases: 50 nodes do not share one start time.
        assertThat(firstSlots.size()).isGreaterThan(40);
        assertThat(scheduler.scheduledNodes()).isEqualTo(50);
    }

    @Test
    void aNodeRegisteredWhileRunningIsPickedUpAndASuspendedOneIsDroppedAtItsNextSlot() {
        NodeRegistration a = node(1, NodeStatus.ACTIVE);
        put(a);
        scheduler.refresh(-1);
        run(0, 10_000);
        assertThat(dispatched).containsOnly(a.getNodeId()).hasSize(5);

        NodeRegistration b = node(2, NodeStatus.ACTIVE);
        put(b);
        Map<String, List<Long>> times = run(10_000, 20_000);
        assertThat(times.get(b.getNodeId())).hasSizeBetween(4, 5); // picked up within a refresh interval

        put(node(1, NodeStatus.SUSPENDED));
        times = run(20_000, 40_000);
        assertThat(times).doesNotContainKey(a.getNodeId());
        assertThat(times.get(b.getNodeId())).hasSize(10);
        assertThat(scheduler.scheduledNodes()).isEqualTo(1);

        put(node(1, NodeStatus.ACTIVE));
        times = run(40_000, 50_000);
        assertThat(times.get(a.getNodeId())).hasSizeBetween(4, 5);

        registry.remove(b.getNodeId()); // tombstoned
        times = run(50_000, 60_000);
        assertThat(times).doesNotContainKey(b.getNodeId());
    }

    @Test
    void aStalledSchedulerSkipsMissedSlotsInsteadOfBurstingThem() {
        NodeRegistration a = node(1, NodeStatus.ACTIVE);
        put(a);
        scheduler.refresh(0);
        long first = scheduler.nextSlotOf(a.getNodeId()).orElseThrow();
        assertThat(scheduler.takeDue(first)).hasSize(1);
        // Nothing ran for 7 s (e.g. a long GC pause): one probe now, then back on the node's grid.
        assertThat(scheduler.takeDue(first + 7_000)).hasSize(1);
        assertThat(scheduler.takeDue(first + 7_000)).isEmpty();
        assertThat(scheduler.nextSlotOf(a.getNodeId())).contains(first + 8_000);
    }
}
