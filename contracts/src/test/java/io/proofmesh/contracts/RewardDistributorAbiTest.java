package io.proofmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.testing.Cast;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our encoders against Foundry's cast (an independent ABI implementation), and revert decoding. */
class RewardDistributorAbiTest {

    private static final String NODE = "0x1000000000000000000000000000000000000001";
    private static final String PAYOUT = "0x2000000000000000000000000000000000000002";
    private static final String H1 = "0x" + "ab".repeat(32);
    private static final String H2 = "0x" + "cd".repeat(32);

    private static String cast(String... args) throws Exception {
        Cast.Result r = Cast.run(args);
        assertThat(r.exit()).as(r.out()).isZero();
        return r.out();
    }

    @Test
    void callDataMatchesCast() throws Exception {
        assertThat(RewardDistributorAbi.claim(7, NODE, PAYOUT, new BigInteger("123456789012345678901"), H1, List.of(H1, H2)))
                .isEqualTo(cast("calldata", "claim(uint64,address,address,uint256,bytes32,bytes32[])", "7", NODE, PAYOUT,
                        "123456789012345678901", H1, "[" + H1 + "," + H2 + "]"));
        assertThat(RewardDistributorAbi.postRoot(9, H1, BigInteger.TEN, H2))
                .isEqualTo(cast("calldata", "postRoot(uint64,bytes32,uint256,bytes32)", "9", H1, "10", H2));
        assertThat(RewardDistributorAbi.revoke(9, "wrong batch"))
                .isEqualTo(cast("calldata", "revoke(uint64,string)", "9", "wrong batch"));
        assertThat(RewardDistributorAbi.roots(3)).isEqualTo(cast("calldata", "roots(uint64)", "3"));
        assertThat(RewardTokenAbi.balanceOf(PAYOUT)).isEqualTo(cast("calldata", "balanceOf(address)", PAYOUT));
        assertThat(RewardDistributorAbi.CLAIMED_TOPIC).isEqualTo(cast("keccak", "Claimed(uint64,address,address,uint256,uint256)"));
        assertThat(RewardDistributorAbi.SETTLER_ROLE).isEqualTo(cast("keccak", "SETTLER_ROLE"));
    }

    @Test
    void revertDataDecodesToTheCustomErrorNameAndArguments() throws Exception {
        String data = cast("calldata", "EpochNotIncreasing(uint64,uint64)", "4", "7");
        ContractError e = RevertDecoder.standard().decode(data);
        assertThat(e.name()).isEqualTo("EpochNotIncreasing");
        assertThat(e.args()).containsExactly("4", "7");
        assertThat(e).hasToString("EpochNotIncreasing(4, 7)");

        // An OpenZeppelin error, raised by the token inside a distributor call.
        ContractError oz = RevertDecoder.standard().decode(
                cast("calldata", "ERC20InsufficientBalance(address,uint256,uint256)", NODE, "1", "2"));
        assertThat(oz.name()).isEqualTo("ERC20InsufficientBalance");
        assertThat(oz.args()).containsExactly(NODE, "1", "2");

        assertThat(RevertDecoder.standard().decode(cast("calldata", "Error(string)", "boom")).args()).containsExactly("boom");
        assertThat(RevertDecoder.standard().decode("0xdeadbeef").name()).isEqualTo("Unknown");
        assertThat(RevertDecoder.standard().decode("0x").name()).isEqualTo("Unknown");
    }

    @Test
    void runtimeCodeComparisonIgnoresOnlyImmutables() {
        ContractArtifact distributor = ContractArtifact.load(ContractArtifact.REWARD_DISTRIBUTOR);
        assertThat(distributor.immutables()).isNotEmpty();
        char[] code = distributor.deployedBytecode().toCharArray();
        ContractArtifact.Range r = distributor.immutables().get(0);
        int at = 2 + r.start() * 2 + r.length() * 2 - 1; // last hex digit of an immutable (0x prefix)
        code[at] = code[at] == 'f' ? 'e' : 'f';
        assertThat(distributor.matchesRuntimeCode(new String(code))).isTrue();
        char[] other = distributor.deployedBytecode().toCharArray();
        other[4] = other[4] == 'f' ? 'e' : 'f';
        assertThat(distributor.matchesRuntimeCode(new String(other))).isFalse();
        assertThat(distributor.compilerVersion()).startsWith("0.8.30");
    }
}
