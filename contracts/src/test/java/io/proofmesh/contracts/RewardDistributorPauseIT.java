package io.proofmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.testing.DevStackTest;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Governance pauses postRoot and claim; unpausing restores both. */
@DevStackTest
class RewardDistributorPauseIT extends DistributorFixture {

    @Test
    void pauseBlocksPostAndClaimUntilUnpaused() throws Exception {
        ReferenceTree tree = ReferenceTree.of(List.of(leaf("111"), leaf("222")));
        post(10, tree);
        advance(WINDOW);
        String d = deployment.distributor();

        assertReverts("AccessControlUnauthorizedAccount", () -> anyone.send("pause", d, RewardDistributorAbi.pause()));
        governance.send("pause", d, RewardDistributorAbi.pause());
        assertThat(RewardDistributorAbi.decodeBool(anyone.call("paused", d, RewardDistributorAbi.paused()))).isTrue();
        ReferenceTree next = ReferenceTree.of(List.of(tree.leaf(0), tree.leaf(1), leaf("333")));
        assertReverts("EnforcedPause", () -> post(11, next));
        assertReverts("EnforcedPause", () -> claim(10, tree, 0));

        governance.send("unpause", d, RewardDistributorAbi.unpause());
        claim(10, tree, 0);
        assertThat(balance(tree.leaf(0).payout())).isEqualTo(BigInteger.valueOf(111));
        post(11, next);
        assertThat(totalSupply()).isEqualTo(BigInteger.valueOf(666));
    }
}
