package io.proofmesh.scoring.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static final String NODE = "0x1000000000000000000000000000000000000001";
    private static final String PAYOUT = "0xa000000000000000000000000000000000000001";

    private static byte[] digest(int b) {
        byte[] d = new byte[32];
        Arrays.fill(d, (byte) b);
        return d;
    }

    /**
     * cast keccak $(cast keccak $(cast abi-encode "f(address,address,uint256,bytes32)"
     * 0x1000000000000000000000000000000000000001 0xa000000000000000000000000000000000000001 1055 0x11…11)).
     */
    @Test
    void leafHashIsTheDoubleKeccakOfTheAbiEncodingAsCastComputesIt() {
        RewardLeaf leaf = new RewardLeaf(NODE, PAYOUT, BigInteger.valueOf(1055), digest(0x11));
        assertThat("0x" + HexFormat.of().formatHex(leaf.hash()))
                .isEqualTo("0x976daf5dcfa1bd9617936cbfb9241e0b36606319de3edcca30947ff72392af36");
        byte[] enc = leaf.encoded();
        assertThat(enc).hasSize(128);
        assertThat(HexFormat.of().formatHex(enc, 0, 32)).isEqualTo("000000000000000000000000" + NODE.substring(2));
        assertThat(new BigInteger(1, Arrays.copyOfRange(enc, 64, 96))).isEqualTo(BigInteger.valueOf(1055));
    }

    @Test
    void aSingleLeafIsTheRootWithAnEmptyProof() {
        RewardLeaf leaf = new RewardLeaf(NODE, PAYOUT, BigInteger.TEN, new byte[32]);
        MerkleTree tree = MerkleTree.of(List.of(leaf));
        assertThat(tree.root()).isEqualTo(leaf.hash());
        assertThat(tree.proof(NODE)).isEmpty();
        assertThat(MerkleTree.verify(tree.root(), leaf.hash(), List.of())).isTrue();
        assertThat(tree.leafIndex("0x2000000000000000000000000000000000000002")).isEqualTo(-1);
    }

    @Test
    void badLeavesAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> new RewardLeaf("0x12", PAYOUT, BigInteger.ONE, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeId").hasMessageContaining("0x12");
        assertThatThrownBy(() -> new RewardLeaf(NODE, "0xA000000000000000000000000000000000000001", BigInteger.ONE, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payout").hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new RewardLeaf(NODE, PAYOUT, BigInteger.valueOf(-1), new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cumulativeAmount");
        assertThatThrownBy(() -> new RewardLeaf(NODE, PAYOUT, BigInteger.ONE.shiftLeft(256), new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uint256");
        assertThatThrownBy(() -> new RewardLeaf(NODE, PAYOUT, BigInteger.ONE, new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detailsDigest").hasMessageContaining("31 bytes");
        assertThatThrownBy(() -> MerkleTree.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one leaf");
        RewardLeaf leaf = new RewardLeaf(NODE, PAYOUT, BigInteger.ONE, new byte[32]);
        RewardLeaf again = new RewardLeaf(NODE, PAYOUT, BigInteger.TWO, new byte[32]);
        assertThatThrownBy(() -> MerkleTree.of(List.of(leaf, again)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(NODE).hasMessageContaining("twice");
    }

    @Test
    void absentNodesAndMalformedProofsAreHandled() {
        RewardLeaf a = new RewardLeaf(NODE, PAYOUT, BigInteger.ONE, new byte[32]);
        RewardLeaf b = new RewardLeaf("0x2000000000000000000000000000000000000002", PAYOUT, BigInteger.ONE, new byte[32]);
        MerkleTree tree = MerkleTree.of(List.of(b, a)); // not in nodeId order: indexes follow the list
        assertThat(tree.leafIndex(NODE)).isEqualTo(1);
        assertThat(tree.leafIndex(b.nodeId())).isZero();
        String absent = "0x3000000000000000000000000000000000000003";
        assertThatThrownBy(() -> tree.proof(absent)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(absent);
        assertThatThrownBy(() -> tree.leaf(absent)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(absent);
        assertThat(MerkleTree.verify(tree.root(), a.hash(), List.of(new byte[31]))).isFalse();
        assertThat(MerkleTree.verify(tree.root(), a.hash(), List.of(b.hash()))).isTrue();
        assertThat(MerkleTree.verify(tree.root(), b.hash(), List.of(b.hash()))).isFalse();
    }
}
