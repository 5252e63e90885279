package io.proofmesh.scoring.policy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between the wire record ({@code io.proofmesh.schemas.policy.ScoringPolicy} on
 * {@code config.scoring-policy}) and the domain {@link ScoringPolicy}. A value the rules cannot use
 * is an IllegalArgumentException whose message starts with the field's name.
 */
public final class PolicyCodec {

    private PolicyCodec() {
    }

    /** The policy content of a wire record (the governance fields are not content; see {@link PolicyVerifier}). */
    public static ScoringPolicy toDomain(io.proofmesh.schemas.policy.ScoringPolicy avro) {
        if (avro == null) {
            throw new IllegalArgumentException("policy record is missing");
        }
        List<io.proofmesh.schemas.policy.LatencyTier> wireTiers = required("latencyTiers", avro.getLatencyTiers());
        List<LatencyTier> tiers = new ArrayList<>(wireTiers.size());
        for (int i = 0; i < wireTiers.size(); i++) {
            String field = "latencyTiers[" + i + "]";
            io.proofmesh.schemas.policy.LatencyTier t = required(field, wireTiers.get(i));
            try {
                tiers.add(new LatencyTier(required(field + ".maxMicros", t.getMaxMicros()), required(field + ".ppm", t.getPpm())));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(field) ? e : new IllegalArgumentException(field + ": " + e.getMessage(), e);
            }
        }
        Instant publishedAt = required("publishedAt", avro.getPublishedAt());
        if (publishedAt.toEpochMilli() < 0) {
            throw new IllegalArgumentException("publishedAt must not be before 1970, got " + publishedAt);
        }
        positive("reputationPriorAlphaPpm", required("reputationPriorAlphaPpm", avro.getReputationPriorAlphaPpm()));
        positive("reputationPriorBetaPpm", required("reputationPriorBetaPpm", avro.getReputationPriorBetaPpm()));
        return new ScoringPolicy(
                required("policyVersion", avro.getPolicyVersion()),
                required("effectiveFromEpoch", avro.getEffectiveFromEpoch()),
                required("heartbeatIntervalSeconds", avro.getHeartbeatIntervalSeconds()),
                tiers,
                required("minUptimePpm", avro.getMinUptimePpm()),
                required("availabilityWeightPpm", avro.getAvailabilityWeightPpm()),
                required("workWeightPpm", avro.getWorkWeightPpm()),
                required("reputationPriorAlphaPpm", avro.getReputationPriorAlphaPpm()),
                required("reputationPriorBetaPpm", avro.getReputationPriorBetaPpm()),
                required("reputationDecayPpm", avro.getReputationDecayPpm()),
                parseEmission(avro.getEmissionPerEpoch()),
                publishedAt.toEpochMilli());
    }

    /** The wire record of a policy and governance's signature over its signing digest (PROTOCOL.md §11). */
    public static io.proofmesh.schemas.policy.ScoringPolicy toAvro(ScoringPolicy p, String governanceAddress, byte[] signature) {
        if (p.publishedAtMillis() < 0) {
            throw new IllegalArgumentException("publishedAt must not be before 1970, got " + p.publishedAtMillis());
        }
        return io.proofmesh.schemas.policy.ScoringPolicy.newBuilder()
                .setPolicyVersion(p.policyVersion())
                .setEffectiveFromEpoch(p.effectiveFromEpoch())
                .setHeartbeatIntervalSeconds(p.heartbeatIntervalSeconds())
                .setLatencyTiers(p.latencyTiers().stream()
                        .map(t -> new io.proofmesh.schemas.policy.LatencyTier(t.maxMicros(), t.ppm())).toList())
                .setMinUptimePpm(p.minUptimePpm())
                .setAvailabilityWeightPpm(p.availabilityWeightPpm())
                .setWorkWeightPpm(p.workWeightPpm())
                .setReputationPriorAlphaPpm(p.reputationPriorAlphaPpm())
                .setReputationPriorBetaPpm(p.reputationPriorBetaPpm())
                .setReputationDecayPpm(p.reputationDecayPpm())
                .setEmissionPerEpoch(p.emissionPerEpoch().toString())
                .setPublishedAt(Instant.ofEpochMilli(p.publishedAtMillis()))
                .setGovernanceAddress(governanceAddress.toLowerCase(java.util.Locale.ROOT))
                .setGovernanceSignature(ByteBuffer.wrap(signature.clone()))
                .build();
    }

    /** The signature bytes of a wire record (a copy; the record's buffer is left as it was). */
    public static byte[] signature(io.proofmesh.schemas.policy.ScoringPolicy avro) {
        ByteBuffer b = required("governanceSignature", avro.getGovernanceSignature()).duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * A uint256 written in base 10 without sign, leading zeros or separators ("0", "1000000000000000000000").
     * IllegalArgumentException naming {@code emissionPerEpoch} otherwise.
     */
    public static BigInteger parseEmission(String decimal) {
        if (decimal == null || !decimal.matches("0|[1-9][0-9]{0,77}")) {
            throw new IllegalArgumentException("emissionPerEpoch must be a base-10 integer of token base units without sign, "
                    + "leading zeros or separators, got " + (decimal == null ? "nothing" : "'" + decimal + "'"));
        }
        BigInteger v = new BigInteger(decimal);
        if (v.bitLength() > 256) {
            throw new IllegalArgumentException("emissionPerEpoch must fit a uint256, got " + decimal);
        }
        return v;
    }

    /** The record checks the priors together; this names the one that is wrong. */
    static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }
}
