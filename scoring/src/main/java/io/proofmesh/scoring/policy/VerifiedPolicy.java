package io.proofmesh.scoring.policy;

import java.util.Arrays;
import java.util.Locale;

/**
 * A policy whose governance signature checked out: what {@link PolicyBook} holds and the scoring reads.
 *
 * @param hash              the content hash ({@link PolicyHash#of}), 32 bytes
 * @param policy            the content
 * @param governanceAddress lower-case 0x address that signed it
 */
public record VerifiedPolicy(byte[] hash, ScoringPolicy policy, String governanceAddress) {

    public VerifiedPolicy {
        if (hash == null || !Arrays.equals(hash, PolicyHash.of(policy))) {
            throw new IllegalArgumentException("hash is not the content hash of the policy");
        }
        hash = hash.clone();
        governanceAddress = governanceAddress.toLowerCase(Locale.ROOT);
    }

    /** The policy with its hash computed (for code that has already established who signed it). */
    public static VerifiedPolicy of(ScoringPolicy policy, String governanceAddress) {
        return new VerifiedPolicy(PolicyHash.of(policy), policy, governanceAddress);
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** {@code 0x} + 64 lower-case hex digits: the policy's key on {@code config.scoring-policy}. */
    public String hex() {
        return PolicyHash.hex(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifiedPolicy v && Arrays.equals(hash, v.hash) && governanceAddress.equals(v.governanceAddress);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "VerifiedPolicy[" + hex() + " " + policy.policyVersion() + " from epoch " + policy.effectiveFromEpoch()
                + ", signed by " + governanceAddress + "]";
    }
}
