package io.proofmesh.settler.settle;

import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.PolicyBook;
import io.proofmesh.scoring.policy.PolicyVerifier;
import io.proofmesh.scoring.policy.RefusedPolicyException;
import io.proofmesh.scoring.policy.VerifiedPolicy;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The governance-signed policies published on {@code config.scoring-policy}, checked with the same
 * {@link PolicyVerifier} and chosen by the same {@link PolicyBook} rule as the processor, so the
 * settler pays an epoch by exactly the policy it was scored with.
 */
public final class PolicyShelf {

    private final PolicyVerifier verifier;
    private final EpochSchedule schedule;
    private final Consumer<String> warn;
    private PolicyBook book = PolicyBook.empty();

    public PolicyShelf(PolicyVerifier verifier, EpochSchedule schedule, Consumer<String> warn) {
        this.verifier = verifier;
        this.schedule = schedule;
        this.warn = warn;
    }

    public void add(String key, io.proofmesh.schemas.policy.ScoringPolicy record) {
        if (record == null) {
            return;
        }
        try {
            book = book.with(verifier.verify(key, record));
        } catch (RefusedPolicyException e) {
            warn.accept("ignoring published policy '" + record.getPolicyVersion() + "' (key " + key + "): " + e.getMessage());
        }
    }

    public Optional<VerifiedPolicy> policyFor(long epoch) {
        return book.policyFor(epoch, schedule);
    }
}
