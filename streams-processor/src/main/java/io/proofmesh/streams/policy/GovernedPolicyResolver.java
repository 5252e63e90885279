package io.proofmesh.streams.policy;

import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.PolicyBook;
import io.proofmesh.scoring.policy.PolicyVerifier;
import io.proofmesh.scoring.policy.RefusedPolicyException;
import io.proofmesh.scoring.policy.VerifiedPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force for an epoch among the published records: only those signed by the trusted
 * governance key for this network and published in time count ({@link PolicyVerifier}), and
 * {@link PolicyBook} picks among them (PROTOCOL.md §11). Refused records are logged once.
 */
public final class GovernedPolicyResolver implements PolicyResolver {

    private static final Logger LOG = LoggerFactory.getLogger(GovernedPolicyResolver.class);

    private final PolicyVerifier verifier;
    private final EpochSchedule schedule;
    /** Verification costs a signature recovery: remembered per published record. */
    private final Map<io.proofmesh.schemas.policy.ScoringPolicy, Optional<VerifiedPolicy>> verified =
            new ConcurrentHashMap<>();

    public GovernedPolicyResolver(PolicyVerifier verifier, EpochSchedule schedule) {
        this.verifier = verifier;
        this.schedule = schedule;
    }

    @Override
    public Optional<ResolvedPolicy> resolve(long epoch, List<io.proofmesh.schemas.policy.ScoringPolicy> published) {
        List<VerifiedPolicy> valid = new ArrayList<>();
        for (io.proofmesh.schemas.policy.ScoringPolicy p : published) {
            verified.computeIfAbsent(p, this::verify).ifPresent(valid::add);
        }
        return PolicyBook.of(valid).policyFor(epoch, schedule)
                .map(v -> new ResolvedPolicy(v.policy(), v.hash()));
    }

    private Optional<VerifiedPolicy> verify(io.proofmesh.schemas.policy.ScoringPolicy p) {
        try {
            return Optional.of(verifier.verify(p));
        } catch (RefusedPolicyException e) {
            LOG.warn("ignoring published policy '{}' (effective from epoch {}): {}", p.getPolicyVersion(),
                    p.getEffectiveFromEpoch(), e.getMessage());
            return Optional.empty();
        }
    }
}
