package io.proofmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.testing.DevStackTest;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** postRoot's rules: only the settler, strictly increasing epochs, the emission cap, no regression of the total. */
@DevStackTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RewardDistributorPostIT extends DistributorFixture {

    private static ReferenceTree treeOf(BigInteger amount) {
        return ReferenceTree.of(List.of(new ReferenceTree.Leaf(randomAddress(), randomAddress(), amount, NO_DIGEST),
                leaf("1")));
    }

    @Test
    @Order(1)
    void onlyTheSettlerPostsAndNotBeforeTheFirstEpoch() {
        ReferenceTree tree = treeOf(BigInteger.TEN);
        String data = RewardDistributorAbi.postRoot(10, tree.root(), tree.total(), NO_DIGEST);
        assertReverts("AccessControlUnauthorizedAccount", () -> anyone.send("postRoot", deployment.distributor(), data));
        assertReverts("AccessControlUnauthorizedAccount", () -> governance.send("postRoot", deployment.distributor(), data));
        assertReverts("EpochBeforeFirst", () -> settler.send("postRoot", deployment.distributor(),
                RewardDistributorAbi.postRoot(9, tree.root(), tree.total(), NO_DIGEST)));
        assertReverts("EmptyRoot", () -> settler.send("postRoot", deployment.distributor(),
                RewardDistributorAbi.postRoot(10, NO_DIGEST, tree.total(), NO_DIGEST)));
        assertThat(view(RewardDistributorAbi.totalCumulative())).isZero();
    }

    @Test
    @Order(2)
    void emissionAboveTheCapIsRefusedAndAnUnpostedEpochCarriesItsCap() {
        // Epoch 10 may mint at most one epoch's cap.
        ReferenceTree tooMuch = treeOf(CAP); // + the "1" leaf = cap + 1
        assertReverts("EmissionCapExceeded", () -> post(10, tooMuch));
        // Epoch 11 without a post for 10: two epochs' worth is allowed.
        ReferenceTree twoEpochs = treeOf(CAP.multiply(BigInteger.TWO).subtract(BigInteger.ONE));
        post(11, twoEpochs);
        assertThat(view(RewardDistributorAbi.totalCumulative())).isEqualTo(CAP.multiply(BigInteger.TWO));
        assertThat(totalSupply()).isEqualTo(CAP.multiply(BigInteger.TWO));
        assertThat(view(RewardDistributorAbi.lastPostedEpoch())).isEqualTo(BigInteger.valueOf(11));
        // Epoch 12: three epochs' worth in total, not one unit more.
        assertReverts("EmissionCapExceeded", () -> post(12, treeOf(CAP.multiply(BigInteger.valueOf(3)))));
    }

    @Test
    @Order(3)
    void epochsNeitherReplayNorRegressAndTheTotalNeverDecreases() {
        ReferenceTree tree = treeOf(CAP.multiply(BigInteger.TWO));
        assertReverts("EpochNotIncreasing", () -> post(11, tree)); // replay of the latest
        assertReverts("EpochNotIncreasing", () -> post(10, tree)); // regression
        assertReverts("TotalDecreasing", () -> post(12, treeOf(BigInteger.ONE)));
        // An unchanged total is fine: the epoch paid nothing new (its emission carried).
        post(12, treeOf(CAP.multiply(BigInteger.TWO).subtract(BigInteger.ONE)));
        assertThat(totalSupply()).isEqualTo(CAP.multiply(BigInteger.TWO));
        assertThat(root(12).posted()).isTrue();
    }
}
