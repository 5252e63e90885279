package io.proofmesh.scoring.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.scoring.policy.LatencyTier;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.scoring.reputation.Reputation;
import io.proofmesh.scoring.work.WorkTally;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeScoreCalculatorTest {

    // 20 s epochs of 5 s slots (4 slots); tiers ≤ 100 µs → 1e6; min uptime 750 000; weights 700 000 / 300 000.
    static final ScoringPolicy POLICY = new ScoringPolicy("t", 0, 5, List.of(new LatencyTier(100, 1_000_000)), 750_000,
            700_000, 300_000, 1_000_000, 1_000_000, 1_000_000, BigInteger.TEN, 0);
    static final byte[] HASH = new byte[32];
    static final String NODE = "0x00000000000000000000000000000000000000a1";

    @Test
    void uptimeExactlyAtTheMinimumIsEligibleAndTheWeightsSplitTheScore() {
        NodeEpochTally t = NodeEpochTally.empty(20_000);
        t.countHeartbeat(0, 0);       // slot 0
        t.countHeartbeat(0, 6_000);   // slot 1
        t.countHeartbeat(0, 12_000);  // slot 2 — 3 of 4 slots = 750 000, exactly the minimum
        t.countProbe(true, 40);
        t.countProbe(true, 60);
        t.countJobResult(WorkTally.ResultStatus.OK, 10);
        t.countJobResult(WorkTally.ResultStatus.EXPIRED, 0);
        t.countVerification(true);
        NodeScore s = NodeScoreCalculator.score(7, NODE, POLICY, HASH, t, null, null, true);
        assertThat(s.uptime().uptimePpm()).isEqualTo(750_000);
        assertThat(s.eligible()).isTrue();
        assertThat(s.latency().latencyPpm()).isEqualTo(1_000_000);
        assertThat(s.availabilityScorePpm()).isEqualTo(750_000);
        assertThat(s.workPpm()).isEqualTo(500_000);                     // 1 ok of 2
        assertThat(s.reputation()).isEqualTo(new Reputation(2_000_000, 1_000_000));
        assertThat(s.workScorePpm()).isEqualTo(333_333);                // 500 000 × 666 666 / 1e6
        assertThat(s.scorePpm()).isEqualTo(624_999);                    // (0.7 × 750 000 + 0.3 × 333 333) = 525 000 + 99 999
        // One slot fewer: below the minimum, not eligible, score 0, components kept for the explanation.
        NodeEpochTally fewer = NodeEpochTally.fromBytes(t.toBytes());
        NodeEpochTally two = NodeEpochTally.empty(20_000);
        two.countHeartbeat(0, 0);
        two.countHeartbeat(0, 6_000);
        NodeScore low = NodeScoreCalculator.score(7, NODE, POLICY, HASH, two, null, null, true);
        assertThat(low.eligible()).isFalse();
        assertThat(low.scorePpm()).isZero();
        assertThat(low.uptime().uptimePpm()).isEqualTo(500_000);
        // The stored form round-trips to the same score.
        assertThat(NodeScoreCalculator.score(7, NODE, POLICY, HASH, fewer, null, null, true).toAvro(Instant.EPOCH))
                .isEqualTo(s.toAvro(Instant.EPOCH));
    }

    /**
     * Frozen vector, cross-checked with Foundry's cast (PROTOCOL.md §12.5):
     * cast keccak $(cast abi-encode "f(uint64,address,bytes32,uint32,uint32,uint32,uint32,uint32,uint32,uint32,uint32,uint32,uint32,uint64,uint32,uint32,uint32,uint64,uint64,uint64,uint64,uint32,uint32,uint32,uint32,bool)" \
     *   7 0x00000000000000000000000000000000000000a1 0x0000000000000000000000000000000000000000000000000000000000000000 \
     *   3 4 3 750000 2 0 1000000 1 0 1 10 1 0 500000 1000000 1000000 2000000 1000000 666666 750000 333333 624999 true)
     */
    @Test
    void detailsDigestIsKeccakOfTheAbiEncodedBreakdown() {
        NodeEpochTally t = NodeEpochTally.empty(20_000);
        t.countHeartbeat(0, 0);
        t.countHeartbeat(0, 6_000);
        t.countHeartbeat(0, 12_000);
        t.countProbe(true, 40);
        t.countProbe(true, 60);
        t.countJobResult(WorkTally.ResultStatus.OK, 10);
        t.countJobResult(WorkTally.ResultStatus.EXPIRED, 0);
        t.countVerification(true);
        NodeEpochScore s = NodeScoreCalculator.score(7, NODE, POLICY, HASH, t, null, null, true).toAvro(Instant.EPOCH);
        assertThat(HexFormat.of().formatHex(ScoreDigest.details(s))).isEqualTo(DETAILS_DIGEST);
        NodeEpochScore changed = NodeEpochScore.newBuilder(s).setScorePpm(s.getScorePpm() - 1).build();
        assertThat(ScoreDigest.details(changed)).isNotEqualTo(ScoreDigest.details(s));
        // computedAt is informational, not hashed.
        assertThat(ScoreDigest.details(NodeEpochScore.newBuilder(s).setComputedAt(Instant.now()).build()))
                .isEqualTo(ScoreDigest.details(s));
    }

    /** Computed by cast 1.7.1 with the command in the javadoc above. */
    static final String DETAILS_DIGEST = "3c011e8e8d66239adf98309f436b2a389a343d9e103c1bf9ea7f5ecccfc7c478";
}
