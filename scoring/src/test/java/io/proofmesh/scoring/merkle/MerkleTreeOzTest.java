package io.proofmesh.scoring.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tree against OpenZeppelin's own {@code @openzeppelin/merkle-tree} 1.0.8 run on node: same
 * root, same entries() index, same leaf hash and proof for every leaf, for trees of 1 to 1,000 leaves
 * (equal amounts, zero and maximal amounts, zero digests) and for leaves not given in nodeId order.
 */
class MerkleTreeOzTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int[] SIZES = {1, 2, 3, 7, 100, 1000};

    /** PROTOCOL.md §14.4 test vector: the leaves of the worked example of §14.1. */
    static final List<RewardLeaf> VECTOR_LEAVES = List.of(
            leaf("0x1000000000000000000000000000000000000001", "0xa000000000000000000000000000000000000001", 1055, 0x11),
            leaf("0x2000000000000000000000000000000000000002", "0xa000000000000000000000000000000000000002", 17, 0x22),
            leaf("0x3000000000000000000000000000000000000003", "0xa000000000000000000000000000000000000003", 0, 0x33),
            leaf("0x4000000000000000000000000000000000000004", "0xa000000000000000000000000000000000000004", 0, 0x44),
            leaf("0x5000000000000000000000000000000000000005", "0xa000000000000000000000000000000000000005", 29, 0x55),
            leaf("0x6000000000000000000000000000000000000006", "0xa000000000000000000000000000000000000006", 500, 0x00));
    /** Root of {@link #VECTOR_LEAVES} as @openzeppelin/merkle-tree 1.0.8 computes it (frozen in PROTOCOL.md §14.4). */
    static final String VECTOR_ROOT = "0x3e3ba624920082d19ea3cb45dba8c16e6ff86d6779443cdce3144c2de66df5cd";

    private static Map<String, List<RewardLeaf>> cases;
    private static Map<String, OzMerkleReference.Tree> reference;

    @BeforeAll
    static void buildReference() throws Exception {
        cases = new LinkedHashMap<>();
        Random random = new Random(20261126L);
        for (int n : SIZES) {
            cases.put("sorted-" + n, randomLeaves(random, n));
        }
        List<RewardLeaf> shuffled = new ArrayList<>(randomLeaves(random, 100));
        Collections.shuffle(shuffled, random);
        cases.put("shuffled-100", shuffled);
        cases.put("vector", VECTOR_LEAVES);
        reference = OzMerkleReference.build(cases);
    }

    @Test
    void rootsIndexesLeafHashesAndProofsEqualOpenZeppelins() {
        for (Map.Entry<String, List<RewardLeaf>> c : cases.entrySet()) {
            String name = c.getKey();
            MerkleTree tree = MerkleTree.of(c.getValue());
            OzMerkleReference.Tree oz = reference.get(name);
            assertEquals(oz.root(), hex(tree.root()), name + ": root");
            assertEquals(c.getValue().size(), tree.size(), name + ": size");
            assertEquals(c.getValue().size(), oz.entries().size(), name + ": OZ entries");
            for (OzMerkleReference.Entry e : oz.entries()) {
                String where = name + ", node " + e.nodeId();
                assertEquals(e.index(), tree.leafIndex(e.nodeId()), where + ": leaf index");
                assertEquals(e.leafHash(), hex(tree.leafHash(e.nodeId())), where + ": leaf hash in tree");
                assertEquals(e.leafHash(), hex(tree.leaf(e.nodeId()).hash()), where + ": RewardLeaf.hash");
                assertEquals(e.proof(), tree.proof(e.nodeId()).stream().map(MerkleTreeOzTest::hex).toList(), where + ": proof");
            }
        }
    }

    @Test
    void verifyAcceptsEveryProofAndRejectsTamperedOnes() {
        for (Map.Entry<String, List<RewardLeaf>> c : cases.entrySet()) {
            MerkleTree tree = MerkleTree.of(c.getValue());
            byte[] root = tree.root();
            for (RewardLeaf l : c.getValue()) {
                String where = c.getKey() + ", node " + l.nodeId();
                List<byte[]> proof = tree.proof(l.nodeId());
                assertTrue(MerkleTree.verify(root, l.hash(), proof), where + ": genuine proof");

                BigInteger other = l.cumulativeAmount().signum() == 0 ? BigInteger.ONE : l.cumulativeAmount().subtract(BigInteger.ONE);
                RewardLeaf changed = new RewardLeaf(l.nodeId(), l.payout(), other, l.detailsDigest());
                assertFalse(MerkleTree.verify(root, changed.hash(), proof), where + ": other amount");
                if (!proof.isEmpty()) {
                    List<byte[]> tampered = new ArrayList<>(proof);
                    byte[] sibling = tampered.get(0).clone();
                    sibling[31] ^= 1;
                    tampered.set(0, sibling);
                    assertFalse(MerkleTree.verify(root, l.hash(), tampered), where + ": tampered sibling");
                    assertFalse(MerkleTree.verify(root, l.hash(), proof.subList(0, proof.size() - 1)), where + ": truncated proof");
                }
            }
        }
    }

    @Test
    void frozenVectorOfProtocolSection14() {
        assertEquals(VECTOR_ROOT, reference.get("vector").root(), "OpenZeppelin's root of the §14.4 vector");
        assertEquals(VECTOR_ROOT, hex(MerkleTree.of(VECTOR_LEAVES).root()), "our root of the §14.4 vector");
    }

    private static List<RewardLeaf> randomLeaves(Random random, int n) {
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        BigInteger oneToken = BigInteger.TEN.pow(18);
        List<RewardLeaf> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BigInteger amount = switch (i % 5) {
                case 0, 1 -> oneToken;                       // equal amounts
                case 2 -> new BigInteger(90, random);        // token-sized
                case 3 -> i % 2 == 0 ? BigInteger.ZERO : max; // the ends of uint256
                default -> BigInteger.valueOf(random.nextInt(1000));
            };
            byte[] digest = new byte[32];
            if (i % 4 != 3) {
                random.nextBytes(digest);
            }
            leaves.add(new RewardLeaf(randomAddress(random), i % 7 == 0 ? randomAddress(random) : randomAddress(random),
                    amount, digest));
        }
        leaves.sort(Comparator.comparing(RewardLeaf::nodeId));
        return leaves;
    }

    private static String randomAddress(Random random) {
        byte[] a = new byte[20];
        random.nextBytes(a);
        return "0x" + HEX.formatHex(a);
    }

    private static RewardLeaf leaf(String nodeId, String payout, long amount, int digestByte) {
        byte[] digest = new byte[32];
        java.util.Arrays.fill(digest, (byte) digestByte);
        return new RewardLeaf(nodeId, payout, BigInteger.valueOf(amount), digest);
    }

    static String hex(byte[] b) {
        return "0x" + HEX.formatHex(b);
    }
}
