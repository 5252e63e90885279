package io.proofmesh.settler.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.scoring.ledger.ClosingRule;
import io.proofmesh.scoring.policy.PolicyHash;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.scoring.score.NodeEpochTally;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScoreComparisonTest {

    static final String NODE = "0x00000000000000000000000000000000000000a1";

    static NodeEpochScore score(Instant computedAt) {
        ScoringPolicy policy = PolicyJson.defaultPolicy();
        NodeEpochTally t = NodeEpochTally.empty(3_600_000);
        t.countHeartbeat(0, 1_000);
        t.countProbe(true, 20_000);
        return ClosingRule.score(5, NODE, policy, PolicyHash.of(policy), 3_600_000, t, null, null, "ACTIVE")
                .toAvro(computedAt);
    }

    @Test
    void equalScoresHaveNoDifferencesWhateverTheirComputedAt() {
        assertThat(ScoreComparison.differences(score(Instant.ofEpochMilli(1)), score(Instant.ofEpochMilli(2)))).isEmpty();
    }

    @Test
    void nestedTopLevelAndNullableFieldsAreNamedWithBothValues() {
        NodeEpochScore expected = score(Instant.EPOCH);
        NodeEpochScore recorded = NodeEpochScore.newBuilder(expected).build();
        recorded.getUptime().setSlotsCovered(expected.getUptime().getSlotsCovered() + 7);
        recorded.setEligible(!expected.getEligible());
        recorded.setCapacitySnapshot(Capacity.newBuilder().setGpuModel("H100").setGpuCount(8).setGpuMemoryMb(80_000L)
                .setCpuCores(64).setMemoryMb(512_000).setMaxConcurrentJobs(16).build());
        byte[] otherHash = new byte[32];
        otherHash[31] = 1;
        recorded.setPolicyHash(new Bytes32(otherHash));

        assertThat(ScoreComparison.differences(expected, recorded)).extracting(FieldDifference::field)
                .containsExactly("policyHash", "uptime.slotsCovered", "capacitySnapshot", "eligible", "detailsDigest");
        assertThat(ScoreComparison.differences(expected, recorded).get(1)).isEqualTo(new FieldDifference(
                "uptime.slotsCovered", Integer.toString(expected.getUptime().getSlotsCovered()),
                Integer.toString(expected.getUptime().getSlotsCovered() + 7)));
        assertThat(ScoreComparison.differences(expected, recorded).get(0).recorded())
                .isEqualTo("0x0000000000000000000000000000000000000000000000000000000000000001");
    }

    @Test
    void lateDuplicateAndRejectedCountsAreComparedThoughNotInTheDigest() {
        NodeEpochScore expected = score(Instant.EPOCH);
        NodeEpochScore recorded = NodeEpochScore.newBuilder(expected).setLateEvents(expected.getLateEvents() + 1).build();
        assertThat(ScoreComparison.differences(expected, recorded)).extracting(FieldDifference::field)
                .containsExactly("lateEvents");
    }
}
