package io.proofmesh.scoring.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PolicyHashTest {

    private static final ScoringPolicy BASE = PolicyFixtures.policy("2026.1", 5, 1_767_225_600_000L);

    @Test
    void theHashIsStableAndThirtyTwoBytes() {
        byte[] a = PolicyHash.of(BASE);
        byte[] b = PolicyHash.of(PolicyFixtures.policy("2026.1", 5, 1_767_225_600_000L));
        assertThat(a).hasSize(32).isEqualTo(b);
        assertThat(PolicyHash.hex(a)).matches("0x[0-9a-f]{64}");
        assertThat(PolicyHash.parseHex(PolicyHash.hex(a))).isEqualTo(a);
    }

    @Test
    void changingAnyContentFieldChangesTheHash() {
        List<UnaryOperator<ScoringPolicy>> changes = List.of(
                p -> copy(p, 0, "2026.1b"),
                p -> copy(p, 1, 6L),
                p -> copy(p, 2, 31),
                p -> copy(p, 3, List.of(new LatencyTier(50_000, 1_000_000), new LatencyTier(250_001, 500_000))),
                p -> copy(p, 3, List.of(new LatencyTier(50_000, 1_000_000), new LatencyTier(250_000, 500_001))),
                p -> copy(p, 3, List.of(new LatencyTier(50_000, 1_000_000))),
                p -> copy(p, 3, List.of()),
                p -> copy(p, 4, 500_001),
                p -> copy(p, 5, 600_001),   // weights must sum to 1e6: change both, swapping which one is which
                p -> copy(p, 7, 1_000_001L),
                p -> copy(p, 8, 1_000_001L),
                p -> copy(p, 9, 950_001),
                p -> copy(p, 10, new BigInteger("1000000000000000000001")),
                p -> copy(p, 11, 1_767_225_600_001L));
        Set<String> hashes = new HashSet<>();
        hashes.add(PolicyHash.hex(PolicyHash.of(BASE)));
        for (UnaryOperator<ScoringPolicy> change : changes) {
            ScoringPolicy changed = change.apply(BASE);
            assertThat(hashes.add(PolicyHash.hex(PolicyHash.of(changed)))).as("hash of %s is new", changed).isTrue();
        }
        assertThat(hashes).hasSize(changes.size() + 1);
    }

    @Test
    void weightsSwappedGiveAnotherHash() {
        ScoringPolicy swapped = copy(copy(BASE, 5, 400_000), 6, 600_000);
        assertThat(PolicyHash.of(swapped)).isNotEqualTo(PolicyHash.of(BASE));
    }

    @Test
    void theSigningDigestBindsTheNetworkAndTheChain() {
        byte[] h = PolicyHash.of(BASE);
        byte[] devnet = PolicyHash.signingDigest(h, "proofmesh-devnet", 31337);
        assertThat(devnet).hasSize(32).isEqualTo(PolicyHash.signingDigest(h.clone(), "proofmesh-devnet", 31337));
        assertThat(PolicyHash.signingDigest(h, "proofmesh-testnet", 31337)).isNotEqualTo(devnet);
        assertThat(PolicyHash.signingDigest(h, "proofmesh-devnet", 1)).isNotEqualTo(devnet);
        assertThat(PolicyHash.signingDigest(PolicyHash.of(copy(BASE, 1, 6L)), "proofmesh-devnet", 31337)).isNotEqualTo(devnet);
        assertThatThrownBy(() -> PolicyHash.signingDigest(new byte[31], "proofmesh-devnet", 31337))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyHash.signingDigest(h, "", 31337)).hasMessageContaining("networkName");
        assertThatThrownBy(() -> PolicyHash.signingDigest(h, "proofmesh-devnet", 0)).hasMessageContaining("chainId");
    }

    @Test
    void aNegativePublicationTimeCannotBeHashed() {
        assertThatThrownBy(() -> PolicyHash.of(copy(BASE, 11, -1L))).hasMessageContaining("publishedAt");
    }

    /** {@code p} with component {@code index} replaced (in ScoringPolicy's component order). */
    static ScoringPolicy copy(ScoringPolicy p, int index, Object value) {
        List<Object> v = new ArrayList<>(List.of(p.policyVersion(), p.effectiveFromEpoch(), p.heartbeatIntervalSeconds(),
                p.latencyTiers(), p.minUptimePpm(), p.availabilityWeightPpm(), p.workWeightPpm(), p.reputationPriorAlphaPpm(),
                p.reputationPriorBetaPpm(), p.reputationDecayPpm(), p.emissionPerEpoch(), p.publishedAtMillis()));
        v.set(index, value);
        if (index == 5) { // keep the weights summing to 1,000,000
            v.set(6, 1_000_000 - (Integer) value);
        }
        @SuppressWarnings("unchecked")
        List<LatencyTier> tiers = (List<LatencyTier>) v.get(3);
        return new ScoringPolicy((String) v.get(0), (Long) v.get(1), (Integer) v.get(2), tiers, (Integer) v.get(4),
                (Integer) v.get(5), (Integer) v.get(6), (Long) v.get(7), (Long) v.get(8), (Integer) v.get(9),
                (BigInteger) v.get(10), (Long) v.get(11));
    }
}
