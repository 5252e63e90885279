package io.proofmesh.streams.policy;

import io.proofmesh.scoring.policy.ScoringPolicy;
import java.util.List;
import java.util.Optional;

/**
 * Picks the policy in force for an epoch among the records of {@code config.scoring-policy}
 * (verifying governance signatures and the two-epoch rule), when the processor closes it.
 */
public interface PolicyResolver {

    /** The policy and its content hash. */
    record ResolvedPolicy(ScoringPolicy policy, byte[] hash) {}

    Optional<ResolvedPolicy> resolve(long epoch, List<io.proofmesh.schemas.policy.ScoringPolicy> published);
}
