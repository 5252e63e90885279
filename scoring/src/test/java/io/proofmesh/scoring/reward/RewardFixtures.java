package io.proofmesh.scoring.reward;

import io.proofmesh.scoring.policy.LatencyTier;
import io.proofmesh.scoring.policy.ScoringPolicy;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/** Policies and the worked example of PROTOCOL.md §14.1 for the reward tests. */
final class RewardFixtures {

    static final String A = "0x1000000000000000000000000000000000000001";
    static final String B = "0x2000000000000000000000000000000000000002";
    static final String C = "0x3000000000000000000000000000000000000003";
    static final String D = "0x4000000000000000000000000000000000000004";
    static final String E = "0x5000000000000000000000000000000000000005";
    static final String F = "0x6000000000000000000000000000000000000006";

    private RewardFixtures() {
    }

    /** A valid policy with the given emission, availability weight and minimum uptime. */
    static ScoringPolicy policy(BigInteger emission, int availabilityWeightPpm, int minUptimePpm) {
        return new ScoringPolicy("test", 0, 30, List.of(new LatencyTier(50_000, 1_000_000)), minUptimePpm,
                availabilityWeightPpm, 1_000_000 - availabilityWeightPpm, 1_000_000, 1_000_000, 950_000, emission, 0);
    }

    /** §14.1: emission 101 base units, weights 60 % / 40 %, minimum uptime 50 %. */
    static ScoringPolicy examplePolicy() {
        return policy(BigInteger.valueOf(101), 600_000, 500_000);
    }

    /** §14.1's six nodes: C's uptime is below the minimum, D is not eligible, F was not scored. */
    static List<NodeShare> exampleShares() {
        return List.of(
                new NodeShare(E, true, 800_000, 200_000, 500_000),
                new NodeShare(A, true, 900_000, 800_000, 500_000),
                new NodeShare(B, true, 990_000, 400_000, 0),
                new NodeShare(C, true, 400_000, 300_000, 300_000),
                new NodeShare(D, false, 1_000_000, 900_000, 900_000));
    }

    /** A details digest of 32 copies of one byte. */
    static byte[] digest(int b) {
        byte[] d = new byte[32];
        Arrays.fill(d, (byte) b);
        return d;
    }
}
