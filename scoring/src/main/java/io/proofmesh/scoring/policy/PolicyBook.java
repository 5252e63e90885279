package io.proofmesh.scoring.policy;

import io.proofmesh.scoring.epoch.EpochSchedule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verified policies a deployment knows, and which one governs an epoch (PROTOCOL.md §11.5).
 * Immutable: {@link #with} returns a new book, so a reader can swap books atomically.
 *
 * <p>For epoch e, among the policies published in time ({@link PublicationRule}), the one with the
 * greatest effectiveFromEpoch ≤ e governs; among several with that effectiveFromEpoch the one
 * published first wins (then the smaller hash). A policy published later can therefore never
 * replace one already announced for the same epoch: what was known before an epoch is what scores it.
 */
public final class PolicyBook {

    /** Who wins among policies with the same effectiveFromEpoch: earliest publishedAt, then smaller hash. */
    static final Comparator<VerifiedPolicy> PRECEDENCE = Comparator
            .comparingLong((VerifiedPolicy v) -> v.policy().publishedAtMillis())
            .thenComparing(VerifiedPolicy::hex);

    private static final PolicyBook EMPTY = new PolicyBook(Map.of());

    /** By hash hex: the same policy read twice (a compacted topic re-read) is one entry. */
    private final Map<String, VerifiedPolicy> byHash;

    private PolicyBook(Map<String, VerifiedPolicy> byHash) {
        this.byHash = byHash;
    }

    public static PolicyBook empty() {
        return EMPTY;
    }

    public static PolicyBook of(Collection<VerifiedPolicy> policies) {
        PolicyBook b = EMPTY;
        for (VerifiedPolicy p : policies) {
            b = b.with(p);
        }
        return b;
    }

    /** This book plus {@code policy} (unchanged if it already holds that hash). */
    public PolicyBook with(VerifiedPolicy policy) {
        if (byHash.containsKey(policy.hex())) {
            return this;
        }
        Map<String, VerifiedPolicy> m = new LinkedHashMap<>(byHash);
        m.put(policy.hex(), policy);
        return new PolicyBook(Map.copyOf(m));
    }

    /** Every policy held, usable or not, ordered by effectiveFromEpoch then precedence. */
    public List<VerifiedPolicy> policies() {
        List<VerifiedPolicy> all = new ArrayList<>(byHash.values());
        all.sort(Comparator.comparingLong((VerifiedPolicy v) -> v.policy().effectiveFromEpoch()).thenComparing(PRECEDENCE));
        return List.copyOf(all);
    }

    public int size() {
        return byHash.size();
    }

    /** The policy that governs {@code epoch}; empty if none published in time is effective by then. */
    public Optional<VerifiedPolicy> policyFor(long epoch, EpochSchedule schedule) {
        VerifiedPolicy best = null;
        for (VerifiedPolicy v : byHash.values()) {
            long from = v.policy().effectiveFromEpoch();
            if (from > epoch || !PublicationRule.publishedInTime(v.policy(), schedule)) {
                continue;
            }
            if (best == null || from > best.policy().effectiveFromEpoch()
                    || (from == best.policy().effectiveFromEpoch() && PRECEDENCE.compare(v, best) < 0)) {
                best = v;
            }
        }
        return Optional.ofNullable(best);
    }
}
