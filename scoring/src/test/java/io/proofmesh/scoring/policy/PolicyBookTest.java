package io.proofmesh.scoring.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.scoring.epoch.EpochSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-worked selections; epochs of 10 s from t = 1,000,000 ms (epoch e starts at 1,000,000 + 10,000 e). */
class PolicyBookTest {

    private static final EpochSchedule S = new EpochSchedule(1_000_000L, 10_000L, 1_000L);
    private static final String GOV = PolicyFixtures.DEV_GOVERNANCE_ADDRESS;

    private final VerifiedPolicy genesis = v("genesis", 0, 9_000_000L);      // published long after epoch 0: bootstrap, allowed
    private final VerifiedPolicy fiveLater = v("five-b", 5, 1_035_000L);      // epoch 3 for epoch 5: in time
    private final VerifiedPolicy fiveFirst = v("five-a", 5, 1_025_000L);      // epoch 2 for epoch 5: in time, earlier
    private final VerifiedPolicy sevenLate = v("seven", 7, 1_060_000L);       // epoch 6 for epoch 7: too late, never used
    private final VerifiedPolicy eight = v("eight", 8, 1_059_999L);           // epoch 5 for epoch 8: in time

    @Test
    void theLatestEffectivePolicyGovernsEachEpoch() {
        PolicyBook book = PolicyBook.of(List.of(genesis, fiveLater, fiveFirst, sevenLate, eight));
        assertThat(book.policyFor(-1, S)).isEmpty();
        assertThat(book.policyFor(0, S)).contains(genesis);
        assertThat(book.policyFor(4, S)).contains(genesis);
        assertThat(book.policyFor(5, S)).contains(fiveFirst);
        assertThat(book.policyFor(7, S)).as("the late policy for 7 is ignored").contains(fiveFirst);
        assertThat(book.policyFor(8, S)).contains(eight);
        assertThat(book.policyFor(1_000_000, S)).contains(eight);
    }

    @Test
    void aPolicyPublishedLaterNeverReplacesOneAlreadyAnnouncedForTheSameEpoch() {
        VerifiedPolicy evenEarlierClaim = v("five-c", 5, 1_025_001L);
        PolicyBook book = PolicyBook.of(List.of(fiveFirst)).with(evenEarlierClaim).with(fiveLater);
        assertThat(book.policyFor(5, S)).contains(fiveFirst);
    }

    @Test
    void theTwoEpochRuleAtItsBoundary() {
        assertThat(PublicationRule.publishedInTime(PolicyFixtures.policy("x", 5, 1_039_999L), S)).isTrue();  // epoch 3
        assertThat(PublicationRule.publishedInTime(PolicyFixtures.policy("x", 5, 1_040_000L), S)).isFalse(); // epoch 4
        assertThat(PublicationRule.latestPublicationExclusive(5, S)).isEqualTo(1_040_000L);
        assertThat(PublicationRule.earliestEffectiveEpoch(1_039_999L, S)).isEqualTo(5);
        assertThat(PublicationRule.earliestEffectiveEpoch(1_040_000L, S)).isEqualTo(6);
        assertThat(PublicationRule.publishedInTime(PolicyFixtures.policy("x", 1, 999_999L), S)).as("before genesis").isTrue();
        assertThat(PublicationRule.publishedInTime(PolicyFixtures.policy("x", 1, 1_000_000L), S)).isFalse();

        VerifiedPolicy lastMoment = v("in-time", 5, 1_039_999L);
        VerifiedPolicy tooLate = v("too-late", 5, 1_040_000L);
        assertThat(PolicyBook.of(List.of(tooLate)).policyFor(5, S)).isEmpty();
        assertThat(PolicyBook.of(List.of(tooLate, lastMoment)).policyFor(5, S)).contains(lastMoment);
    }

    @Test
    void withoutAGenesisPolicyEarlyEpochsHaveNone() {
        PolicyBook book = PolicyBook.of(List.of(fiveFirst));
        assertThat(book.policyFor(4, S)).isEmpty();
        assertThat(book.policyFor(5, S)).contains(fiveFirst);
        assertThat(PolicyBook.empty().policyFor(5, S)).isEmpty();
    }

    @Test
    void samePublicationTimeIsDecidedByTheSmallerHash() {
        VerifiedPolicy x = v("tie-x", 10, 1_070_000L);
        VerifiedPolicy y = v("tie-y", 10, 1_070_000L);
        VerifiedPolicy smaller = x.hex().compareTo(y.hex()) < 0 ? x : y;
        assertThat(PolicyBook.of(List.of(x, y)).policyFor(10, S)).contains(smaller);
        assertThat(PolicyBook.of(List.of(y, x)).policyFor(10, S)).contains(smaller);
    }

    @Test
    void theSelectionDoesNotDependOnTheOrderPoliciesArrive() {
        List<VerifiedPolicy> all = new ArrayList<>(List.of(genesis, fiveLater, fiveFirst, sevenLate, eight));
        Optional<VerifiedPolicy> expected5 = PolicyBook.of(all).policyFor(5, S);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(all, new java.util.Random(i));
            assertThat(PolicyBook.of(all).policyFor(5, S)).isEqualTo(expected5);
            assertThat(PolicyBook.of(all).policyFor(9, S)).contains(eight);
        }
    }

    @Test
    void booksAreImmutableAndHoldEachHashOnce() {
        PolicyBook one = PolicyBook.empty().with(genesis);
        PolicyBook two = one.with(eight);
        assertThat(one.size()).isEqualTo(1);
        assertThat(two.size()).isEqualTo(2);
        assertThat(two.with(VerifiedPolicy.of(eight.policy(), GOV))).isSameAs(two);
        assertThat(two.policies()).containsExactly(genesis, eight);
        assertThat(one.policyFor(9, S)).contains(genesis);
    }

    private static VerifiedPolicy v(String version, long effectiveFrom, long publishedAt) {
        return VerifiedPolicy.of(PolicyFixtures.policy(version, effectiveFrom, publishedAt), GOV);
    }
}
