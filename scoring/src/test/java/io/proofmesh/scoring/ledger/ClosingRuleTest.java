package io.proofmesh.scoring.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.scoring.policy.PolicyHash;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.scoring.reputation.Reputation;
import io.proofmesh.scoring.score.NodeScore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClosingRuleTest {

    @Test
    void talliedNodesAndActiveRegistrationsAreScoredInNodeIdOrder() {
        assertThat(ClosingRule.nodesToScore(List.of("0xc", "0xa"),
                Map.of("0xb", "ACTIVE", "0xd", "SUSPENDED", "0xa", "EXITED")))
                .containsExactly("0xa", "0xb", "0xc");
    }

    @Test
    void aRegisteredNodeWithoutEventsGetsAnEmptyScoreWithItsCarriedStanding() {
        ScoringPolicy policy = PolicyJson.defaultPolicy();
        Reputation carried = new Reputation(3_000_000, 1_000_000);
        NodeScore s = ClosingRule.score(4, "0x00000000000000000000000000000000000000a1", policy, PolicyHash.of(policy),
                3_600_000, null, carried, null, "ACTIVE");
        assertThat(s.priorReputation()).isEqualTo(carried);
        assertThat(s.heartbeatsCounted()).isZero();
        assertThat(s.eligible()).as("no uptime").isFalse();
        NodeScore unregistered = ClosingRule.score(4, "0x00000000000000000000000000000000000000a1", policy,
                PolicyHash.of(policy), 3_600_000, null, null, null, null);
        assertThat(unregistered.priorReputation()).isEqualTo(Reputation.prior(policy));
    }
}
