package io.proofmesh.app;

import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.simulator.fleet.NodeProfile;
import io.proofmesh.simulator.fleet.SimulatedNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's step 5: waits until every partition has closed the fleet's epochs, prints each
 * epoch's scores with their components, and checks the ordering the network must produce —
 * honest above flaky and slow (averaged over epochs the fleet ran through whole), forgers and
 * replayers at zero in every epoch.
 */
final class DemoScores {

    private final ScoreReadBack readBack;
    private final EpochSchedule schedule;
    private final Map<String, SimulatedNode> nodes;
    private final PrintStream out;

    DemoScores(ScoreReadBack readBack, EpochSchedule schedule, Map<String, SimulatedNode> nodes, PrintStream out) {
        this.readBack = readBack;
        this.schedule = schedule;
        this.nodes = nodes;
        this.out = out;
    }

    /**
     * While the fleet runs: a line per epoch as soon as every partition has closed it (from
     * {@code fromEpoch} on), with the mean score per profile. Stop it by closing.
     */
    AutoCloseable watch(long fromEpoch) {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread t = new Thread(() -> {
            long next = fromEpoch;
            while (running.get()) {
                Map<Long, Set<Integer>> closed = readBack.closedPartitions();
                while (closed.getOrDefault(next, Set.of()).size() >= TopicCatalog.NODE_GROUP_PARTITIONS) {
                    Map<String, NodeEpochScore> epoch = readBack.scores(nodes.keySet()).getOrDefault(next, Map.of());
                    Map<NodeProfile, long[]> means = new EnumMap<>(NodeProfile.class);
                    epoch.forEach((id, s) -> {
                        long[] m = means.computeIfAbsent(nodes.get(id).profile(), p -> new long[2]);
                        m[0] += s.getScorePpm();
                        m[1]++;
                    });
                    StringBuilder line = new StringBuilder();
                    means.forEach((p, m) -> line.append(' ').append(p.label()).append(' ').append(m[0] / m[1]));
                    out.printf("   ✓ epoch %d closed on all %d partitions: %d scores; mean score (ppm) by profile:%s%n", next,
                            TopicCatalog.NODE_GROUP_PARTITIONS, epoch.size(), line);
                    next++;
                }
                for (int i = 0; i < 10 && running.get(); i++) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "demo-epoch-watch");
        t.setDaemon(true);
        t.start();
        // Not interrupted: the watcher finishes its current read (under a second) and stops.
        return () -> {
            running.set(false);
            t.join(10_000);
        };
    }

    boolean printAndCheck(long firstEpoch, long lastEpoch, long fleetStart, long fleetEnd, Duration wait)
            throws InterruptedException {
        int partitions = TopicCatalog.NODE_GROUP_PARTITIONS;
        long deadline = System.nanoTime() + wait.toNanos();
        Map<Long, Set<Integer>> closed = readBack.closedPartitions();
        while (!allClosed(closed, firstEpoch, lastEpoch, partitions) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            closed = readBack.closedPartitions();
        }
        if (!allClosed(closed, firstEpoch, lastEpoch, partitions)) {
            out.printf("   epochs %d..%d did not close on all %d partitions within %s (closed: %s)%n", firstEpoch, lastEpoch,
                    partitions, wait, closed);
            return false;
        }
        Map<Long, Map<String, NodeEpochScore>> scores = readBack.scores(nodes.keySet());
        Map<NodeProfile, long[]> fullEpochTotals = new EnumMap<>(NodeProfile.class); // sum, count
        boolean hostileZero = true;
        for (long e = firstEpoch; e <= lastEpoch; e++) {
            boolean whole = schedule.startOf(e) >= fleetStart && schedule.endOf(e) <= fleetEnd;
            Map<String, NodeEpochScore> epoch = scores.getOrDefault(e, Map.of());
            out.printf("%n   epoch %d [%s .. %s) — %s, closed on %d/%d partitions, %d scores%n", e,
                    java.time.Instant.ofEpochMilli(schedule.startOf(e)), java.time.Instant.ofEpochMilli(schedule.endOf(e)),
                    whole ? "the fleet ran through all of it" : "the fleet ran through part of it",
                    closed.get(e).size(), partitions, epoch.size());
            out.printf("   %-9s %-12s %7s %6s %8s %8s %6s %7s %7s %8s %s%n", "PROFILE", "NODE", "SLOTS", "UPTIME",
                    "P95 ms", "LATENCY", "WORK", "REPUT", "AVAIL", "SCORE", "ELIGIBLE");
            List<SimulatedNode> ordered = new ArrayList<>(nodes.values());
            ordered.sort(Comparator.comparing(SimulatedNode::profile).thenComparing(SimulatedNode::nodeId));
            for (SimulatedNode n : ordered) {
                NodeEpochScore s = epoch.get(n.nodeId());
                int score = s == null ? 0 : s.getScorePpm();
                if ((n.profile() == NodeProfile.FORGER || n.profile() == NodeProfile.REPLAYER) && score != 0) {
                    hostileZero = false;
                }
                if (whole) {
                    long[] t = fullEpochTotals.computeIfAbsent(n.profile(), p -> new long[2]);
                    t[0] += score;
                    t[1]++;
                }
                if (s == null) {
                    out.printf("   %-9s %-12s %7s %6s %8s %8s %6s %7s %7s %8d %s%n", n.profile().label(), shortId(n.nodeId()),
                            "-", "-", "-", "-", "-", "-", "-", 0, "no score (never accepted)");
                    continue;
                }
                Long p95 = s.getLatency().getP95Micros();
                out.printf("   %-9s %-12s %7s %6s %8s %8s %6s %7s %7s %8d %s%n", n.profile().label(), shortId(n.nodeId()),
                        s.getUptime().getSlotsCovered() + "/" + s.getUptime().getSlotsTotal(),
                        pct(s.getUptime().getUptimePpm()), p95 == null ? "-" : String.format("%.1f", p95 / 1000.0),
                        pct(s.getLatency().getLatencyPpm()), pct(s.getWork().getWorkPpm()),
                        pct(s.getReputation().getReputationPpm()), pct(s.getAvailabilityScorePpm()), s.getScorePpm(),
                        s.getEligible() ? "yes" : "no");
            }
        }
        if (fullEpochTotals.isEmpty()) {
            out.println("   the fleet ran through no epoch whole: run longer (--duration) to check the ordering");
            return false;
        }
        double honest = mean(fullEpochTotals.get(NodeProfile.HONEST));
        double flaky = mean(fullEpochTotals.get(NodeProfile.FLAKY));
        double slow = mean(fullEpochTotals.get(NodeProfile.SLOW));
        boolean ordered = honest > flaky && honest > slow;
        out.printf("%n   mean score over whole epochs (ppm): honest %.0f, flaky %.0f, slow %.0f; forgers and replayers at 0 "
                + "in every epoch: %s%n", honest, flaky, slow, hostileZero ? "yes" : "NO");
        return ordered && hostileZero;
    }

    private static boolean allClosed(Map<Long, Set<Integer>> closed, long first, long last, int partitions) {
        for (long e = first; e <= last; e++) {
            if (closed.getOrDefault(e, Set.of()).size() < partitions) {
                return false;
            }
        }
        return true;
    }

    private static double mean(long[] sumAndCount) {
        return sumAndCount == null || sumAndCount[1] == 0 ? 0 : (double) sumAndCount[0] / sumAndCount[1];
    }

    private static String pct(int ppm) {
        return String.format("%.0f%%", ppm / 10_000.0);
    }

    private static String shortId(String nodeId) {
        return nodeId.substring(0, 6) + ".." + nodeId.substring(nodeId.length() - 4);
    }
}
