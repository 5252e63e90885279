package io.proofmesh.scoring.reward;

import static io.proofmesh.scoring.reward.RewardFixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §14.5's frozen vectors, computed with Foundry's cast 1.7.1 (commands in the javadocs). */
class BatchDigestTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String DISTRIBUTOR = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    /**
     * cast keccak $(cast abi-encode "f(uint64,bytes32,bytes32[])" 7 0x99…99 "[0xaa…aa,0xbb…bb]").
     */
    static final String INPUT_VECTOR = "0x07bc62c3452be6aaf8898fa9175a50f174f72b4a29606c380b5b9efc5d0fa2ee";

    /**
     * cast keccak $(cast abi-encode "f(uint64,bytes32,uint256,uint256,uint256,uint256,uint256,uint32,uint32,bytes32,bytes32,uint256,address)"
     * 7 &lt;§14.4 root&gt; 101 0 0 101 1601 6 3 &lt;INPUT_VECTOR&gt; 0x99…99 31337 0x5fbdb2315678afecb367f032d93f642f64180aa3).
     */
    static final String HEADER_VECTOR = "0x1a64239fe387b5296fbe249c5c958fed1999ef1797d1b5764df05517088627f7";

    private static byte[] input() {
        return BatchDigest.input(7, digest(0x99), List.of(digest(0xaa), digest(0xbb)));
    }

    @Test
    void inputDigestMatchesCast() {
        assertThat("0x" + HEX.formatHex(input())).isEqualTo(INPUT_VECTOR);
        // the partition order matters
        assertThat(BatchDigest.input(7, digest(0x99), List.of(digest(0xbb), digest(0xaa)))).isNotEqualTo(input());
    }

    @Test
    void headerDigestOfTheWorkedExampleMatchesCast() {
        RewardTable t = RewardTableTest.exampleTable();
        byte[] header = BatchDigest.header(7, t.tree().root(), BigInteger.valueOf(101), BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.valueOf(101), t.totalCumulative(), t.rows().size(), t.paidCount(), input(), digest(0x99),
                31337, DISTRIBUTOR);
        assertThat("0x" + HEX.formatHex(header)).isEqualTo(HEADER_VECTOR);
        byte[] otherChain = BatchDigest.header(7, t.tree().root(), BigInteger.valueOf(101), BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.valueOf(101), t.totalCumulative(), t.rows().size(), t.paidCount(), input(), digest(0x99),
                1, DISTRIBUTOR);
        assertThat(otherChain).isNotEqualTo(header);
    }

    @Test
    void badFieldsAreNamed() {
        assertThatThrownBy(() -> BatchDigest.input(7, new byte[31], List.of(digest(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("policyHash");
        assertThatThrownBy(() -> BatchDigest.input(7, digest(1), List.of(digest(1), new byte[3])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition 1");
        assertThatThrownBy(() -> BatchDigest.input(7, digest(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one partition");
        assertThatThrownBy(() -> BatchDigest.header(7, digest(1), BigInteger.ONE, BigInteger.valueOf(-2), BigInteger.ZERO,
                BigInteger.ONE, BigInteger.ONE, 1, 1, digest(2), digest(3), 31337, DISTRIBUTOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carriedIn");
        assertThatThrownBy(() -> BatchDigest.header(7, digest(1), BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.ONE, BigInteger.ONE, 1, 1, digest(2), digest(3), 31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distributorAddress");
        assertThatThrownBy(() -> BatchDigest.header(7, digest(1), BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.ONE, BigInteger.ONE, 1, 2, digest(2), digest(3), 31337, DISTRIBUTOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paidCount");
    }
}
