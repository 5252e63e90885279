package io.proofmesh.settler.audit;

import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.ledger.Admission;
import io.proofmesh.scoring.ledger.AdmissionRule;
import io.proofmesh.scoring.ledger.ClosingRule;
import io.proofmesh.scoring.ledger.DedupeMemory;
import io.proofmesh.scoring.ledger.EventClassifier;
import io.proofmesh.scoring.ledger.LedgerEvent;
import io.proofmesh.scoring.score.NodeEpochTally;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays one partition's stored inputs in the processor's order through the shared rules
 * ({@link EventClassifier}, {@link AdmissionRule}, {@link ClosingRule}) and keeps what closing
 * the audited epoch needs: every node's tally of that epoch and every node's registration status.
 * The partition's clock is replayed from its ticks (a tick closes every epoch up to
 * {@link LatenessRule#lastClosableAt}), so duplicates, lateness and forgotten dedupe keys come out
 * as the processor decided them.
 */
final class PartitionReplay {

    private final long epoch;
    private final EventClassifier classifier;
    private final AdmissionRule admission;
    private final LatenessRule lateness;
    private final Map<String, NodeEpochTally> tallies = new TreeMap<>();
    private final Map<String, String> statuses = new HashMap<>();
    private final MemoryDedupe memory = new MemoryDedupe();
    private long lastClosed;
    private long counted;

    /**
     * @param epoch      the audited epoch
     * @param firstEpoch the deployment's first scored epoch (the partition clock starts just before it)
     */
    PartitionReplay(long epoch, long firstEpoch, AdmissionRule admission) {
        this.epoch = epoch;
        this.admission = admission;
        this.lateness = admission.lateness();
        this.classifier = new EventClassifier(lateness.schedule());
        this.lastClosed = firstEpoch - 1;
    }

    /** The next record in processing order. */
    void accept(StoredRecord r) {
        Object value = r.value();
        if (value == null || value instanceof TopicRangeReader.Undecodable) {
            return;
        }
        if (value instanceof NodeRegistration reg) {
            statuses.put(reg.getNodeId(), ClosingRule.statusOf(reg));
            return;
        }
        if (value instanceof Tick) {
            long target = lateness.lastClosableAt(r.timestamp());
            if (target > lastClosed) {
                lastClosed = target;
                memory.forgetUpTo(admission.forgottenOnClose(lastClosed));
            }
            return;
        }
        classifier.classify(value).ifPresent(e -> admit(e, r.timestamp()));
    }

    private void admit(LedgerEvent e, long appendTime) {
        Admission a = admission.admit(e, appendTime, lastClosed, memory);
        if (a.charged() && e.epoch() == epoch) {
            a.applyTo(e, tallies.computeIfAbsent(e.nodeId(),
                    n -> NodeEpochTally.empty(lateness.schedule().lengthMillis())));
            if (a.decision() == Admission.Decision.COUNTED) {
                counted++;
            }
        }
    }

    /** nodeId → tally of the audited epoch, for nodes with any event in it. */
    Map<String, NodeEpochTally> tallies() {
        return Collections.unmodifiableMap(tallies);
    }

    /** nodeId → last registration status seen. */
    Map<String, String> statuses() {
        return Collections.unmodifiableMap(statuses);
    }

    /** Events of the audited epoch that counted. */
    long counted() {
        return counted;
    }

    /** The newest epoch the replayed ticks close. */
    long lastClosed() {
        return lastClosed;
    }

    /** Dedupe keys by epoch, in memory. */
    private static final class MemoryDedupe implements DedupeMemory {
        private final TreeMap<Long, Set<String>> byEpoch = new TreeMap<>();

        @Override
        public boolean seen(long epoch, String nodeId, String key) {
            Set<String> keys = byEpoch.get(epoch);
            return keys != null && keys.contains(nodeId + "/" + key);
        }

        @Override
        public void remember(long epoch, String nodeId, String key) {
            byEpoch.computeIfAbsent(epoch, e -> new HashSet<>()).add(nodeId + "/" + key);
        }

        void forgetUpTo(long epoch) {
            byEpoch.headMap(epoch, true).clear();
        }
    }
}
