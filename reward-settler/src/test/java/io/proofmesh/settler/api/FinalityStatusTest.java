package io.proofmesh.settler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.settler.chain.OnChainRoot;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** When an epoch counts as final, and which node ids the API accepts. */
class FinalityStatusTest {

    private static OnChainRoot root(long postedAt, boolean revoked) {
        return new OnChainRoot(new byte[32], BigInteger.TEN, new byte[32], postedAt, revoked);
    }

    @Test
    void finalOnlyWhenPostedNotRevokedMatchingAndTheWindowHasPassedByChainTime() {
        assertThat(new Finality.Status(7, root(1000, false), true, 1120, 1120).isFinal()).isTrue();
        assertThat(new Finality.Status(7, root(1000, false), true, 1120, 1120).state()).isEqualTo("FINAL");
        assertThat(new Finality.Status(7, root(1000, false), true, 1120, 1119).state()).isEqualTo("CHALLENGE_WINDOW");
        assertThat(new Finality.Status(7, root(1000, false), true, 1120, 1119).isFinal()).isFalse();
        assertThat(new Finality.Status(7, root(1000, true), true, 1120, 5000).state()).isEqualTo("REVOKED");
        assertThat(new Finality.Status(7, root(1000, true), true, 1120, 5000).isFinal()).isFalse();
        assertThat(new Finality.Status(7, root(0, false), true, 120, 5000).state()).isEqualTo("NOT_POSTED");
        assertThat(new Finality.Status(7, root(0, false), true, 120, 5000).isFinal()).isFalse();
        assertThat(new Finality.Status(7, root(1000, false), false, 1120, 5000).state()).isEqualTo("ROOT_MISMATCH");
        assertThat(new Finality.Status(7, root(1000, false), false, 1120, 5000).isFinal()).isFalse();
    }

    @Test
    void nodeIdsAreAddressesInAnyCaseAnsweredInLowerCase() {
        assertThat(RewardsQueries.nodeId("0xABCDEF0123456789abcdef0123456789ABCDEF01"))
                .isEqualTo("0xabcdef0123456789abcdef0123456789abcdef01");
        for (String bad : new String[] {"0x1234", "abcdef0123456789abcdef0123456789abcdef0123", "0xg000000000000000000000000000000000000000",
                "0x00000000000000000000000000000000000000000"}) {
            assertThatThrownBy(() -> RewardsQueries.nodeId(bad)).isInstanceOfSatisfying(ApiError.class,
                    e -> assertThat(e.status() + " " + e.code()).isEqualTo("400 BAD_NODE_ID"));
        }
    }
}
