package io.proofmesh.scoring.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCodecTest {

    private final ScoringPolicy policy = PolicyFixtures.policy("2026.1", 12, 1_767_225_600_123L);
    private final byte[] signature = new byte[65];

    @Test
    void aPolicyRoundTripsThroughTheWireRecord() {
        signature[64] = 27;
        signature[0] = 9;
        var avro = PolicyCodec.toAvro(policy, "0xA0EE7A142D267C1F36714E4A8F75612F20A79720", signature);
        assertThat(avro.getEmissionPerEpoch()).isEqualTo("1000000000000000000000");
        assertThat(avro.getPublishedAt()).isEqualTo(Instant.ofEpochMilli(1_767_225_600_123L));
        assertThat(avro.getGovernanceAddress()).isEqualTo("0xa0ee7a142d267c1f36714e4a8f75612f20a79720");
        assertThat(PolicyCodec.signature(avro)).isEqualTo(signature);
        assertThat(PolicyCodec.toDomain(avro)).isEqualTo(policy);
        assertThat(PolicyCodec.signature(avro)).as("reading the signature leaves the buffer as it was").isEqualTo(signature);
    }

    @Test
    void theEmissionIsAStrictDecimalUint256() {
        assertThat(PolicyCodec.parseEmission("0")).isZero();
        assertThat(PolicyCodec.parseEmission("115792089237316195423570985008687907853269984665640564039457584007913129639935"))
                .isEqualTo(java.math.BigInteger.TWO.pow(256).subtract(java.math.BigInteger.ONE));
        for (String bad : List.of("", "01", "-1", "+1", "1e21", "1.0", "1_000", " 1", "0x10",
                "115792089237316195423570985008687907853269984665640564039457584007913129639936")) {
            assertThatThrownBy(() -> PolicyCodec.parseEmission(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("emissionPerEpoch");
        }
    }

    @Test
    void badWireValuesNameTheirField() {
        assertRefused(b -> b.setEmissionPerEpoch("1,000"), "emissionPerEpoch");
        assertRefused(b -> b.setMinUptimePpm(1_000_001), "minUptimePpm");
        assertRefused(b -> b.setReputationDecayPpm(-1), "reputationDecayPpm");
        assertRefused(b -> b.setReputationPriorAlphaPpm(0L), "reputationPriorAlphaPpm");
        assertRefused(b -> b.setReputationPriorBetaPpm(-5L), "reputationPriorBetaPpm");
        assertRefused(b -> b.setAvailabilityWeightPpm(700_000), "availabilityWeightPpm + workWeightPpm");
        assertRefused(b -> b.setPolicyVersion(" "), "policyVersion");
        assertRefused(b -> b.setEffectiveFromEpoch(-1L), "effectiveFromEpoch");
        assertRefused(b -> b.setHeartbeatIntervalSeconds(0), "heartbeatIntervalSeconds");
        assertRefused(b -> b.setPublishedAt(Instant.ofEpochMilli(-1)), "publishedAt");
        assertRefused(b -> b.setLatencyTiers(List.of(new io.proofmesh.schemas.policy.LatencyTier(0L, 5))), "latencyTiers[0]");
        assertRefused(b -> b.setLatencyTiers(List.of(new io.proofmesh.schemas.policy.LatencyTier(10L, 5),
                new io.proofmesh.schemas.policy.LatencyTier(20L, 2_000_000))), "latencyTiers[1]");
        assertRefused(b -> b.setLatencyTiers(List.of(new io.proofmesh.schemas.policy.LatencyTier(20L, 5),
                new io.proofmesh.schemas.policy.LatencyTier(10L, 5))), "latencyTiers");
    }

    @Test
    void missingValuesNameTheirField() {
        var avro = PolicyCodec.toAvro(policy, "0x" + "1".repeat(40), signature);
        avro.setPolicyVersion(null);
        assertThatThrownBy(() -> PolicyCodec.toDomain(avro)).hasMessage("policyVersion is missing");
        avro.setPolicyVersion("v");
        avro.setGovernanceSignature((ByteBuffer) null);
        assertThatThrownBy(() -> PolicyCodec.signature(avro)).hasMessage("governanceSignature is missing");
    }

    private void assertRefused(java.util.function.Consumer<io.proofmesh.schemas.policy.ScoringPolicy.Builder> change,
                               String field) {
        var b = io.proofmesh.schemas.policy.ScoringPolicy.newBuilder(PolicyCodec.toAvro(policy, "0x" + "1".repeat(40), signature));
        change.accept(b);
        assertThatThrownBy(() -> PolicyCodec.toDomain(b.build())).as(field)
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(field);
    }
}
