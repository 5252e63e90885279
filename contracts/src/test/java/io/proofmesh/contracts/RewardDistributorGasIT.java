package io.proofmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.testing.DevStackTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** What posting and claiming cost with a realistic tree (1,024 leaves, proofs of 10 hashes). */
@DevStackTest
class RewardDistributorGasIT extends DistributorFixture {

    static final long CLAIM_GAS_BUDGET = 90_000;

    @Test
    void claimFromAThousandLeafTreeCostsAtMost90kGas() throws Exception {
        List<ReferenceTree.Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            leaves.add(leaf(new BigInteger("1000000000000000").multiply(BigInteger.valueOf(i + 1)).toString()));
        }
        ReferenceTree tree = ReferenceTree.of(leaves);
        TransactionReceipt posted = post(10, tree);
        advance(WINDOW);

        // Worst case: first claim of the node, to a payout that holds no tokens yet (two fresh storage slots).
        TransactionReceipt first = claim(10, tree, 517);
        // A later epoch: same node and payout again, only the increase paid (no fresh slots).
        List<ReferenceTree.Leaf> grown = new ArrayList<>(leaves);
        ReferenceTree.Leaf old = leaves.get(517);
        grown.set(517, new ReferenceTree.Leaf(old.nodeId(), old.payout(), old.cumulativeAmount().add(BigInteger.TEN), randomDigest()));
        ReferenceTree next = ReferenceTree.of(grown);
        TransactionReceipt postedAgain = post(11, next);
        advance(WINDOW);
        TransactionReceipt repeat = claim(11, next, 517);

        System.out.printf("[gas] postRoot first %d, later %d; claim (1024 leaves, proof %d) first %d, repeat %d%n",
                posted.getGasUsed(), postedAgain.getGasUsed(), tree.proof(517).size(), first.getGasUsed(), repeat.getGasUsed());
        assertThat(tree.proof(517)).hasSizeGreaterThanOrEqualTo(10);
        assertThat(first.getGasUsed().longValueExact()).isLessThanOrEqualTo(CLAIM_GAS_BUDGET);
        assertThat(repeat.getGasUsed().longValueExact()).isLessThanOrEqualTo(first.getGasUsed().longValueExact());
        assertThat(balance(old.payout())).isEqualTo(old.cumulativeAmount().add(BigInteger.TEN));
    }
}
