package io.proofmesh.streams.topology;

import io.proofmesh.scoring.policy.LatencyTier;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.streams.policy.PolicyResolver;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The policy of the topology tests (see {@link ScoringTopologyTest}'s javadoc for its numbers). */
final class TestPolicies {

    static final byte[] HASH = new byte[32];
    static {
        HASH[0] = 0x42;
    }
    static final String HASH_HEX = "0x" + HexFormat.of().formatHex(HASH);

    static final ScoringPolicy POLICY = new ScoringPolicy("test", 0, 1,
            List.of(new LatencyTier(50_000, 1_000_000), new LatencyTier(200_000, 500_000)), 500_000, 600_000, 400_000,
            1_000_000, 1_000_000, 500_000, new BigInteger("1000000000000000000000"), 0);

    private TestPolicies() {}

    static io.proofmesh.schemas.policy.ScoringPolicy avro() {
        return io.proofmesh.schemas.policy.ScoringPolicy.newBuilder()
                .setPolicyVersion("test").setEffectiveFromEpoch(0).setHeartbeatIntervalSeconds(1)
                .setLatencyTiers(List.of()).setMinUptimePpm(500_000).setAvailabilityWeightPpm(600_000)
                .setWorkWeightPpm(400_000).setReputationPriorAlphaPpm(1_000_000).setReputationPriorBetaPpm(1_000_000)
                .setReputationDecayPpm(500_000).setEmissionPerEpoch("1000000000000000000000")
                .setPublishedAt(Instant.EPOCH).setGovernanceAddress("0x00").setGovernanceSignature(ByteBuffer.allocate(65))
                .build();
    }

    /** In force as soon as any policy record is published (signatures are PolicyBook's tests' business). */
    static PolicyResolver resolver() {
        return (epoch, published) -> published.isEmpty() ? Optional.empty()
                : Optional.of(new PolicyResolver.ResolvedPolicy(POLICY, HASH));
    }
}
