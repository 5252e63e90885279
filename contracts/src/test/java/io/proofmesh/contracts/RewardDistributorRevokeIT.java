package io.proofmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.testing.DevStackTest;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The challenge window: governance revokes the latest root inside it (burn, restore), never after it. */
@DevStackTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RewardDistributorRevokeIT extends DistributorFixture {

    @Test
    @Order(1)
    void revokeInsideTheWindowBurnsWhatThePostMintedAndTheEpochCanBePostedAgain() throws Exception {
        ReferenceTree first = ReferenceTree.of(List.of(leaf("700"), leaf("300")));
        assertThat(reader.lastPostedEpoch()).isEmpty();
        BigInteger fromBlock = post(10, first).getBlockNumber();
        ReferenceTree bad = ReferenceTree.of(List.of(first.leaf(0), first.leaf(1), leaf("5000")));
        post(11, bad);
        assertThat(totalSupply()).isEqualTo(BigInteger.valueOf(6000));

        String d = deployment.distributor();
        assertReverts("AccessControlUnauthorizedAccount", () -> settler.send("revoke", d, RewardDistributorAbi.revoke(11, "x")));
        assertReverts("NotLatestEpoch", () -> governance.send("revoke", d, RewardDistributorAbi.revoke(10, "older")));

        TransactionReceipt revoked = governance.send("revoke", d, RewardDistributorAbi.revoke(11, "node 0xabc double counted"));
        RewardDistributorAbi.RootRevoked event = revoked.getLogs().stream().map(RewardDistributorAbi::rootRevoked)
                .flatMap(Optional::stream).findFirst().orElseThrow();
        assertThat(event.epoch()).isEqualTo(11);
        assertThat(event.root()).isEqualTo(bad.root());
        assertThat(event.burned()).isEqualTo(BigInteger.valueOf(5000));
        assertThat(event.reason()).isEqualTo("node 0xabc double counted");
        assertThat(totalSupply()).isEqualTo(BigInteger.valueOf(1000));
        assertThat(view(RewardDistributorAbi.totalCumulative())).isEqualTo(BigInteger.valueOf(1000));
        assertThat(root(11).revoked()).isTrue();
        assertReverts("AlreadyRevoked", () -> governance.send("revoke", d, RewardDistributorAbi.revoke(11, "again")));
        assertReverts("EpochRevoked", () -> claim(11, bad, 0));

        // Re-posted with a corrected tree: minted again from the restored total.
        ReferenceTree fixed = ReferenceTree.of(List.of(first.leaf(0), first.leaf(1), leaf("200")));
        post(11, fixed);
        assertThat(totalSupply()).isEqualTo(BigInteger.valueOf(1200));
        assertThat(root(11).revoked()).isFalse();
        assertThat(root(11).root()).isEqualTo(fixed.root());
        advance(WINDOW);
        TransactionReceipt claimed = claim(11, fixed, 2);
        assertThat(balance(fixed.leaf(2).payout())).isEqualTo(BigInteger.valueOf(200));
        assertThat(reader.lastPostedEpoch()).contains(11L);

        // The whole story from the chain's logs, as an audit reads it.
        RewardDistributorReader.Events events = reader.events(fromBlock, claimed.getBlockNumber());
        assertThat(events.posted()).extracting(RewardDistributorAbi.RootPosted::epoch, RewardDistributorAbi.RootPosted::root,
                        RewardDistributorAbi.RootPosted::minted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(10L, first.root(), BigInteger.valueOf(1000)),
                        org.assertj.core.groups.Tuple.tuple(11L, bad.root(), BigInteger.valueOf(5000)),
                        org.assertj.core.groups.Tuple.tuple(11L, fixed.root(), BigInteger.valueOf(200)));
        assertThat(events.revoked()).extracting(RewardDistributorAbi.RootRevoked::epoch, RewardDistributorAbi.RootRevoked::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(11L, "node 0xabc double counted"));
        assertThat(events.claimed()).extracting(RewardDistributorAbi.Claimed::nodeId, RewardDistributorAbi.Claimed::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(fixed.leaf(2).nodeId(), BigInteger.valueOf(200)));
    }

    @Test
    @Order(2)
    void revokeAfterTheWindowIsRefused() throws Exception {
        ReferenceTree tree = ReferenceTree.of(List.of(leaf("1000"), leaf("2000"))); // the total so far is 1200
        post(12, tree);
        advance(WINDOW);
        assertReverts("ChallengeWindowOver", () -> governance.send("revoke", deployment.distributor(),
                RewardDistributorAbi.revoke(12, "too late")));
        assertThat(root(12).revoked()).isFalse();
        claim(12, tree, 1);
        assertThat(balance(tree.leaf(1).payout())).isEqualTo(BigInteger.valueOf(2000));
    }
}
