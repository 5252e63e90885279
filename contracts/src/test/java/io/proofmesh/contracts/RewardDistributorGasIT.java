package io.proofmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.testing.DevStackTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * What posting and claiming cost with a realistic tree (1,024 leaves, proofs of 10 hashes).
 *
 * <p>A claim's price depends on how many storage slots it fills for the first time (20k gas each):
 * claimed[nodeId] on a node's first claim, the payout's token balance when the payout holds none.
 * The 90k budget holds for a node's first claim to a payout that already holds tokens (an operator
 * wallet paid for another node) and for every later claim; the very first claim to a brand-new payout
 * pays the second fresh slot on top (PROTOCOL.md §15 lists the numbers).
 */
@DevStackTest
class RewardDistributorGasIT extends DistributorFixture {

    static final long CLAIM_GAS_BUDGET = 90_000;
    /** Both slots fresh: the budget plus less than one fresh slot's 20k. */
    static final long FIRST_CLAIM_TO_NEW_PAYOUT_BOUND = 100_000;

    @Test
    void claimFromAThousandLeafTreeCostsAtMost90kGas() throws Exception {
        List<ReferenceTree.Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            leaves.add(leaf(new BigInteger("1000000000000000").multiply(BigInteger.valueOf(i + 1)).toString()));
        }
        // Nodes 516 and 517 are run by one operator: one payout address.
        ReferenceTree.Leaf shared = leaves.get(517);
        leaves.set(517, new ReferenceTree.Leaf(shared.nodeId(), leaves.get(516).payout(), shared.cumulativeAmount(), shared.detailsDigest()));
        ReferenceTree tree = ReferenceTree.of(leaves);
        TransactionReceipt posted = post(10, tree);
        advance(WINDOW);

        TransactionReceipt newPayout = claim(10, tree, 516);   // node's first claim, payout holds nothing
        TransactionReceipt firstClaim = claim(10, tree, 517);  // node's first claim, payout holds tokens
        // A later epoch: node 517 earned 10 more; only the increase is paid.
        List<ReferenceTree.Leaf> grown = new ArrayList<>(leaves);
        ReferenceTree.Leaf old = leaves.get(517);
        grown.set(517, new ReferenceTree.Leaf(old.nodeId(), old.payout(), old.cumulativeAmount().add(BigInteger.TEN), randomDigest()));
        ReferenceTree next = ReferenceTree.of(grown);
        TransactionReceipt postedAgain = post(11, next);
        advance(WINDOW);
        TransactionReceipt repeat = claim(11, next, 517);

        System.out.printf("[gas] postRoot first %d, later %d; claim (1024 leaves, proof of %d): first claim to a new payout %d,"
                        + " first claim of a node %d, later claim %d%n", posted.getGasUsed(), postedAgain.getGasUsed(),
                tree.proof(517).size(), newPayout.getGasUsed(), firstClaim.getGasUsed(), repeat.getGasUsed());
        assertThat(tree.proof(517)).hasSizeGreaterThanOrEqualTo(10);
        assertThat(firstClaim.getGasUsed().longValueExact()).isLessThanOrEqualTo(CLAIM_GAS_BUDGET);
        assertThat(repeat.getGasUsed().longValueExact()).isLessThanOrEqualTo(CLAIM_GAS_BUDGET);
        assertThat(newPayout.getGasUsed().longValueExact()).isLessThanOrEqualTo(FIRST_CLAIM_TO_NEW_PAYOUT_BOUND);
        assertThat(balance(old.payout())).isEqualTo(leaves.get(516).cumulativeAmount().add(old.cumulativeAmount()).add(BigInteger.TEN));
    }
}
