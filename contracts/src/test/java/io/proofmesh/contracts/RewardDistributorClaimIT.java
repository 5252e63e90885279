package io.proofmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.testing.DevStackTest;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Claims against roots built by @openzeppelin/merkle-tree: payouts, the window, bad proofs, double claims. */
@DevStackTest
class RewardDistributorClaimIT extends DistributorFixture {

    @Test
    void claimPaysCumulativeMinusClaimedAfterTheWindowAndLaterEpochsPayOnlyTheDifference() throws Exception {
        ReferenceTree.Leaf a = leaf("100000000000000000000");
        ReferenceTree.Leaf b = leaf("50000000000000000000");
        ReferenceTree first = ReferenceTree.of(List.of(a, b));

        TransactionReceipt posted = post(10, first);
        RewardDistributorAbi.RootPosted event = posted.getLogs().stream().map(RewardDistributorAbi::rootPosted)
                .flatMap(java.util.Optional::stream).findFirst().orElseThrow();
        assertThat(event.epoch()).isEqualTo(10);
        assertThat(event.root()).isEqualTo(first.root());
        assertThat(event.totalCumulative()).isEqualTo(first.total());
        assertThat(event.minted()).isEqualTo(first.total());
        assertThat(balance(deployment.distributor())).isEqualTo(first.total());
        assertThat(root(10).root()).isEqualTo(first.root());

        // Inside the challenge window nobody may claim.
        assertReverts("ChallengeWindowOpen", () -> claim(10, first, 0));
        advance(WINDOW);

        TransactionReceipt claimed = claim(10, first, 0);
        assertThat(balance(a.payout())).isEqualTo(a.cumulativeAmount());
        RewardDistributorAbi.Claimed c = claimed.getLogs().stream().map(RewardDistributorAbi::claimedEvent)
                .flatMap(java.util.Optional::stream).findFirst().orElseThrow();
        assertThat(c).extracting(RewardDistributorAbi.Claimed::epoch, RewardDistributorAbi.Claimed::nodeId,
                        RewardDistributorAbi.Claimed::payout, RewardDistributorAbi.Claimed::amount,
                        RewardDistributorAbi.Claimed::cumulativeAmount)
                .containsExactly(10L, a.nodeId(), a.payout(), a.cumulativeAmount(), a.cumulativeAmount());
        assertThat(view(RewardDistributorAbi.claimed(a.nodeId()))).isEqualTo(a.cumulativeAmount());

        // Epoch 11: a earned 150 more (cumulative 250), b nothing new.
        ReferenceTree.Leaf a2 = new ReferenceTree.Leaf(a.nodeId(), a.payout(), new BigInteger("250000000000000000000"), randomDigest());
        ReferenceTree second = ReferenceTree.of(List.of(b, a2));
        TransactionReceipt posted2 = post(11, second);
        assertThat(posted2.getLogs().stream().map(RewardDistributorAbi::rootPosted).flatMap(java.util.Optional::stream)
                .findFirst().orElseThrow().minted()).isEqualTo(second.total().subtract(first.total()));
        advance(WINDOW);
        claim(11, second, 1);
        assertThat(balance(a.payout())).isEqualTo(a2.cumulativeAmount());
        assertThat(view(RewardDistributorAbi.claimed(a.nodeId()))).isEqualTo(a2.cumulativeAmount());
        // b claims everything it earned with the latest root alone.
        claim(11, second, 0);
        assertThat(balance(b.payout())).isEqualTo(b.cumulativeAmount());
        assertThat(totalSupply()).isEqualTo(second.total());
        assertThat(balance(deployment.distributor())).isZero();

        // Double claims: the same leaf again, or an older epoch's leaf, pay nothing.
        assertReverts("NothingToClaim", () -> claim(11, second, 1));
        assertReverts("NothingToClaim", () -> claim(10, first, 0));
        assertReverts("NothingToClaim", () -> claim(10, first, 1));
    }

    @Test
    void proofsThatDoNotMatchTheRootAreRefused() throws Exception {
        // The first test posted 300 tokens in total; totals never decrease.
        ReferenceTree tree = ReferenceTree.of(List.of(leaf("100000000000000000000"), leaf("200000000000000000000"), leaf("300000000000000000000")));
        post(12, tree);
        advance(WINDOW);
        ReferenceTree.Leaf l = tree.leaf(0);
        String d = deployment.distributor();
        // Another leaf's proof.
        assertReverts("InvalidProof", () -> anyone.send("claim", d, RewardDistributorAbi.claim(12, l.nodeId(), l.payout(),
                l.cumulativeAmount(), l.detailsDigest(), tree.proof(1))));
        // More than the tree says (a cumulative amount that is not a leaf).
        assertReverts("InvalidProof", () -> anyone.send("claim", d, RewardDistributorAbi.claim(12, l.nodeId(), l.payout(),
                l.cumulativeAmount().add(BigInteger.ONE), l.detailsDigest(), tree.proof(0))));
        // Another payout address.
        assertReverts("InvalidProof", () -> anyone.send("claim", d, RewardDistributorAbi.claim(12, l.nodeId(), randomAddress(),
                l.cumulativeAmount(), l.detailsDigest(), tree.proof(0))));
        // An epoch without a root.
        assertReverts("RootNotPosted", () -> claim(13, tree, 0));
        assertThat(balance(l.payout())).isZero();
        claim(12, tree, 0);
        assertThat(balance(l.payout())).isEqualTo(l.cumulativeAmount());
    }
}
