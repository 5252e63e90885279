package io.proofmesh.scoring.reward;

import static io.proofmesh.scoring.reward.RewardFixtures.A;
import static io.proofmesh.scoring.reward.RewardFixtures.B;
import static io.proofmesh.scoring.reward.RewardFixtures.C;
import static io.proofmesh.scoring.reward.RewardFixtures.D;
import static io.proofmesh.scoring.reward.RewardFixtures.E;
import static io.proofmesh.scoring.reward.RewardFixtures.F;
import static io.proofmesh.scoring.reward.RewardFixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.scoring.merkle.MerkleTree;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardTableTest {

    /** Root of PROTOCOL.md §14.4's vector, computed by @openzeppelin/merkle-tree (checked in MerkleTreeOzTest). */
    static final String VECTOR_ROOT = "0x3e3ba624920082d19ea3cb45dba8c16e6ff86d6779443cdce3144c2de66df5cd";

    private static BigInteger n(long v) {
        return BigInteger.valueOf(v);
    }

    static Map<String, String> payouts() {
        Map<String, String> p = new HashMap<>();
        for (String id : List.of(A, B, C, D, E, F)) {
            p.put(id, "0xa" + id.substring(3));
        }
        return p;
    }

    static Map<String, byte[]> digests() {
        return Map.of(A, digest(0x11), B, digest(0x22), C, digest(0x33), D, digest(0x44), E, digest(0x55));
    }

    static Map<String, Integer> scores() {
        return Map.of(A, 680_000, B, 240_000, C, 0, D, 0, E, 320_000);
    }

    /** §14.4: the worked example's allocation on top of previous cumulatives A 1000 and F 500 (F not scored). */
    static RewardTable exampleTable() {
        Allocation a = RewardAllocator.allocate(7, RewardFixtures.examplePolicy(), BigInteger.ZERO, RewardFixtures.exampleShares());
        return RewardTable.build(a, Map.of(A, n(1000), F, n(500)), payouts(), digests(), scores());
    }

    @Test
    void rowsCoverScoredAndPreviouslyPaidNodesWithCumulativeAmounts() {
        RewardTable t = exampleTable();
        assertThat(t.rows()).extracting(RewardRow::nodeId).containsExactly(A, B, C, D, E, F);
        assertThat(t.rows()).extracting(RewardRow::amount).containsExactly(n(55), n(17), n(0), n(0), n(29), n(0));
        assertThat(t.rows()).extracting(RewardRow::cumulativeAmount).containsExactly(n(1055), n(17), n(0), n(0), n(29), n(500));
        RewardRow a = t.rows().get(0);
        assertThat(a.availabilityAmount()).isEqualTo(n(34));
        assertThat(a.workAmount()).isEqualTo(n(21));
        assertThat(a.payout()).isEqualTo("0xa000000000000000000000000000000000000001");
        assertThat(a.scorePpm()).isEqualTo(680_000);
        assertThat(a.detailsDigest()).isEqualTo(digest(0x11));
        RewardRow f = t.rows().get(5);
        assertThat(f.detailsDigest()).as("not scored this epoch").isEqualTo(new byte[32]);
        assertThat(f.scorePpm()).isZero();
        // 1055 + 17 + 0 + 0 + 29 + 500
        assertThat(t.totalCumulative()).isEqualTo(n(1601));
        assertThat(t.paidCount()).isEqualTo(3);
    }

    @Test
    void treeHoldsEveryRowAtItsIndexAndMatchesTheFrozenVector() {
        RewardTable t = exampleTable();
        MerkleTree tree = t.tree();
        assertThat(tree.size()).isEqualTo(6);
        for (int i = 0; i < t.rows().size(); i++) {
            RewardRow row = t.rows().get(i);
            assertThat(tree.leafIndex(row.nodeId())).isEqualTo(i);
            assertThat(tree.leaf(row.nodeId())).isEqualTo(row.leaf());
            assertThat(MerkleTree.verify(tree.root(), row.leaf().hash(), tree.proof(row.nodeId()))).isTrue();
        }
        assertThat("0x" + HexFormat.of().formatHex(tree.root())).isEqualTo(VECTOR_ROOT);
    }

    @Test
    void missingOrMalformedInputsAreNamed() {
        Allocation a = RewardAllocator.allocate(7, RewardFixtures.examplePolicy(), BigInteger.ZERO, RewardFixtures.exampleShares());
        Map<String, String> noPayoutForF = payouts();
        noPayoutForF.remove(F);
        assertThatThrownBy(() -> RewardTable.build(a, Map.of(F, n(500)), noPayoutForF, digests(), scores()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payout").hasMessageContaining(F);
        Map<String, String> badPayout = payouts();
        badPayout.put(B, "0xnot-an-address");
        assertThatThrownBy(() -> RewardTable.build(a, Map.of(), badPayout, digests(), scores()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payout of " + B);
        Map<String, byte[]> shortDigest = new HashMap<>(digests());
        shortDigest.put(E, new byte[31]);
        assertThatThrownBy(() -> RewardTable.build(a, Map.of(), payouts(), shortDigest, scores()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detailsDigest of " + E).hasMessageContaining("31");
        Map<String, byte[]> noDigest = new HashMap<>(digests());
        noDigest.remove(C);
        assertThatThrownBy(() -> RewardTable.build(a, Map.of(), payouts(), noDigest, scores()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("details digest").hasMessageContaining(C);
        assertThatThrownBy(() -> RewardTable.build(a, Map.of(F, n(-1)), payouts(), digests(), scores()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("previous cumulative of " + F);
        Allocation none = RewardAllocator.allocate(7, RewardFixtures.examplePolicy(), BigInteger.ZERO, List.of());
        assertThatThrownBy(() -> RewardTable.build(none, Map.of(), payouts(), digests(), scores()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no reward tree");
    }
}
