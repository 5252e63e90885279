package io.proofmesh.app.bench;

import io.proofmesh.scoring.reward.NodeShare;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic fleet for {@code bench settle}, the same for a given seed: N nodes with random
 * addresses in random (partition-like) order, one score share each with a realistic spread (about
 * 90 % eligible with high availability, work scores skewed — many small, few large; the rest below
 * the uptime floor or not ACTIVE), a random details digest, a cumulative amount from earlier epochs
 * for every node, and payout addresses of operators that run {@value #NODES_PER_OPERATOR} nodes each
 * (so a claim can find its payout already holding tokens).
 */
public final class SettleFleet {

    public static final int NODES_PER_OPERATOR = 5;

    private final String[] nodeIds;
    private final String[] operators;
    private final List<NodeShare> shares;
    private final Map<String, BigInteger> previousCumulative;
    private final Map<String, String> payouts;
    private final Map<String, byte[]> detailsDigests;
    private final Map<String, Integer> scores;

    private SettleFleet(String[] nodeIds, String[] operators, List<NodeShare> shares, Map<String, BigInteger> previousCumulative,
                        Map<String, String> payouts, Map<String, byte[]> detailsDigests, Map<String, Integer> scores) {
        this.nodeIds = nodeIds;
        this.operators = operators;
        this.shares = shares;
        this.previousCumulative = previousCumulative;
        this.payouts = payouts;
        this.detailsDigests = detailsDigests;
        this.scores = scores;
    }

    /**
     * @param earlierEpochs      how many epochs' emission the previous cumulative amounts add up to, on average
     * @param emissionPerEpoch   the policy's emission
     * @param minUptimePpm       the policy's uptime floor: eligible nodes are above it, most ineligible ones below
     */
    public static SettleFleet generate(int n, long seed, int earlierEpochs, BigInteger emissionPerEpoch, int minUptimePpm) {
        SplittableRandom random = new SplittableRandom(seed);
        HexFormat hex = HexFormat.of();
        String[] nodeIds = new String[n];
        String[] operators = new String[(n + NODES_PER_OPERATOR - 1) / NODES_PER_OPERATOR];
        for (int o = 0; o < operators.length; o++) {
            operators[o] = address(random, hex);
        }
        List<NodeShare> shares = new ArrayList<>(n);
        Map<String, BigInteger> previous = new HashMap<>(n * 2);
        Map<String, String> payouts = new HashMap<>(n * 2);
        Map<String, byte[]> digests = new HashMap<>(n * 2);
        Map<String, Integer> scores = new HashMap<>(n * 2);
        // A node's earlier rewards: uniform in [0, 2 × earlierEpochs × emission / n], about earlierEpochs' emission in all.
        BigInteger maxPrevious = emissionPerEpoch.multiply(BigInteger.valueOf(2L * earlierEpochs)).divide(BigInteger.valueOf(n));
        for (int i = 0; i < n; i++) {
            String id = address(random, hex);
            nodeIds[i] = id;
            double kind = random.nextDouble();
            boolean eligible;
            int uptime;
            int availability;
            int work;
            if (kind < 0.90) { // healthy: uptime above the floor, availability mostly high, work skewed
                eligible = true;
                uptime = minUptimePpm + random.nextInt(1_000_001 - minUptimePpm);
                availability = Math.min(1_000_000, 700_000 + random.nextInt(300_001));
                double u = random.nextDouble();
                work = random.nextDouble() < 0.1 ? 0 : (int) Math.min(1_000_000, 1_000_000 * u * u * u);
            } else if (kind < 0.97) { // too little uptime: the record says ineligible
                eligible = false;
                uptime = random.nextInt(Math.max(1, minUptimePpm));
                availability = random.nextInt(500_001);
                work = random.nextInt(200_001);
            } else { // not ACTIVE (slashed, exiting): ineligible whatever its uptime
                eligible = false;
                uptime = random.nextInt(1_000_001);
                availability = random.nextInt(1_000_001);
                work = random.nextInt(1_000_001);
            }
            shares.add(new NodeShare(id, eligible, uptime, availability, work));
            previous.put(id, maxPrevious.multiply(BigInteger.valueOf(random.nextLong(1L << 40))).shiftRight(40));
            payouts.put(id, operators[i / NODES_PER_OPERATOR]);
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            digests.put(id, digest);
            scores.put(id, eligible ? (availability + work) / 2 : 0);
        }
        return new SettleFleet(nodeIds, operators, List.copyOf(shares), previous, payouts, digests, scores);
    }

    private static String address(SplittableRandom random, HexFormat hex) {
        byte[] a = new byte[20];
        random.nextBytes(a);
        return "0x" + hex.formatHex(a);
    }

    public int size() {
        return nodeIds.length;
    }

    /** The i-th node generated (generation order, not nodeId order). */
    public String nodeId(int i) {
        return nodeIds[i];
    }

    /** Nodes i and j share a payout address iff they have the same operator. */
    public int operatorOf(int i) {
        return i / NODES_PER_OPERATOR;
    }

    public String operatorAddress(int operator) {
        return operators[operator];
    }

    /** One share per node, in generation order (as partitions would deliver them, not sorted). */
    public List<NodeShare> shares() {
        return shares;
    }

    public Map<String, BigInteger> previousCumulative() {
        return previousCumulative;
    }

    public Map<String, String> payouts() {
        return payouts;
    }

    public Map<String, byte[]> detailsDigests() {
        return detailsDigests;
    }

    public Map<String, Integer> scores() {
        return scores;
    }
}
