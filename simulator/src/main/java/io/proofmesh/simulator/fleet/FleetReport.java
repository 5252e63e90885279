package io.proofmesh.simulator.fleet;

import io.proofmesh.simulator.agent.AgentCounters;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outcome of a fleet run: per profile, requests and events sent, accepted, and refused by
 * ingest's reason code; and the two numbers that must be zero — forged and replayed bodies
 * ingest accepted.
 */
public record FleetReport(Map<NodeProfile, Integer> nodes, Map<NodeProfile, Snapshot> byProfile, long forgedSent,
                          long forgedAccepted, long replaysSent, long replaysAccepted, long missedHeartbeats,
                          long probesAnswered, Duration sendingTime) {

    /** One profile's counters at the end of the run. */
    public record Snapshot(long sentRequests, long sentEvents, long acceptedRequests, long acceptedEvents,
                           long deliveredEarlier, long retries, long gaveUp, long invalidReceipts,
                           Map<String, Long> rejectedByCode, Map<Integer, Long> retryableAnswers) {

        static Snapshot of(AgentCounters c) {
            return new Snapshot(c.sentRequests(), c.sentEvents(), c.acceptedRequests(), c.acceptedEvents(),
                    c.deliveredEarlier(), c.retries(), c.gaveUp(), c.invalidReceipts(), c.rejectedByCode(),
                    c.retryableAnswers());
        }

        public long rejected() {
            return rejectedByCode.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static FleetReport of(Map<NodeProfile, Integer> nodes, Map<NodeProfile, AgentCounters> counters, FleetTally tally,
                          long probesAnswered, Duration sendingTime) {
        Map<NodeProfile, Snapshot> by = new EnumMap<>(NodeProfile.class);
        counters.forEach((p, c) -> by.put(p, Snapshot.of(c)));
        return new FleetReport(nodes, by, tally.forgedSent(), tally.forgedAccepted(), tally.replaysSent(),
                tally.replaysAccepted(), tally.missedHeartbeats(), probesAnswered, sendingTime);
    }

    public Snapshot total() {
        long[] s = new long[8];
        Map<String, Long> codes = new TreeMap<>();
        Map<Integer, Long> retryable = new TreeMap<>();
        for (Snapshot x : byProfile.values()) {
            s[0] += x.sentRequests;
            s[1] += x.sentEvents;
            s[2] += x.acceptedRequests;
            s[3] += x.acceptedEvents;
            s[4] += x.deliveredEarlier;
            s[5] += x.retries;
            s[6] += x.gaveUp;
            s[7] += x.invalidReceipts;
            x.rejectedByCode.forEach((k, v) -> codes.merge(k, v, Long::sum));
            x.retryableAnswers.forEach((k, v) -> retryable.merge(k, v, Long::sum));
        }
        return new Snapshot(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], codes, retryable);
    }

    /** True when nothing forged or replayed got a 202 and every receipt verified. */
    public boolean clean() {
        return forgedAccepted == 0 && replaysAccepted == 0 && total().invalidReceipts == 0;
    }

    public void print(PrintStream out) {
        TreeSet<String> codes = new TreeSet<>(total().rejectedByCode.keySet());
        StringBuilder head = new StringBuilder(String.format("  %-9s %6s %9s %9s %9s %9s", "PROFILE", "NODES", "SENT REQ",
                "SENT EVT", "ACCEPTED", "ACC EVT"));
        codes.forEach(c -> head.append(String.format(" %" + Math.max(9, c.length()) + "s", c)));
        head.append(String.format(" %8s %7s", "RETRIES", "GAVE UP"));
        out.println(head);
        for (NodeProfile p : NodeProfile.values()) {
            if (nodes.getOrDefault(p, 0) > 0) {
                out.println(row(p.label(), nodes.get(p), byProfile.get(p), codes));
            }
        }
        out.println(row("total", nodes.values().stream().mapToInt(Integer::intValue).sum(), total(), codes));
        Snapshot t = total();
        out.printf("  refusals by reason: %s%n", t.rejectedByCode.isEmpty() ? "none" : t.rejectedByCode);
        if (!t.retryableAnswers.isEmpty()) {
            out.printf("  retried answers by HTTP status (0 = connection failure): %s%n", t.retryableAnswers);
        }
        out.printf("  flaky heartbeats skipped on purpose: %d; probes answered: %d; sending time %.1f s%n", missedHeartbeats,
                probesAnswered, sendingTime.toMillis() / 1000.0);
        out.printf("  forged/tampered accepted: %d of %d sent%n", forgedAccepted, forgedSent);
        out.printf("  replays accepted: %d of %d sent%n", replaysAccepted, replaysSent);
        if (t.invalidReceipts > 0) {
            out.printf("  receipts that did NOT verify: %d%n", t.invalidReceipts);
        }
        if (t.rejectedByCode.containsKey("RATE_LIMITED_SOURCE") || t.retryableAnswers.containsKey(429)) {
            out.println("  note: ingest rate-limited this simulator; raise ingest.rate.source-per-second on ingest for large fleets");
        }
    }

    private static String row(String label, int nodeCount, Snapshot s, TreeSet<String> codes) {
        StringBuilder b = new StringBuilder(String.format("  %-9s %6d %9d %9d %9d %9d", label, nodeCount, s.sentRequests,
                s.sentEvents, s.acceptedRequests + s.deliveredEarlier, s.acceptedEvents));
        codes.forEach(c -> b.append(String.format(" %" + Math.max(9, c.length()) + "d", s.rejectedByCode.getOrDefault(c, 0L))));
        b.append(String.format(" %8d %7d", s.retries, s.gaveUp));
        return b.toString();
    }
}
