package io.proofmesh.scoring.ledger;

import io.proofmesh.scoring.epoch.LatenessRule;

/**
 * Whether an event counts (PROTOCOL.md §12.1–12.2), in the processor's order: a refused event
 * never counts; then dedupe (the previous-epoch key, then the event's own keys), remembering the
 * keys of a first copy while its epoch is within the retention; then lateness — appended at or
 * after end + grace, or its epoch already closed on the partition.
 *
 * @param lateness           the deployment's lateness rule
 * @param dedupeRetainEpochs how many epochs past close a key is kept ({@code scoring.dedupe-retain-epochs})
 */
public record AdmissionRule(LatenessRule lateness, int dedupeRetainEpochs) {

    public AdmissionRule {
        if (dedupeRetainEpochs < 1) {
            throw new IllegalArgumentException("dedupe retention must be at least 1 epoch, got " + dedupeRetainEpochs);
        }
    }

    /**
     * @param appendTimeMillis the record's broker append time
     * @param lastClosed       the newest epoch closed on the partition when the record is processed
     */
    public Admission admit(LedgerEvent e, long appendTimeMillis, long lastClosed, DedupeMemory memory) {
        boolean open = e.epoch() > lastClosed;
        if (e.refusal() != null) {
            return new Admission(Admission.Decision.REFUSED, e.refusalMessage(), false, open);
        }
        if (e.previousEpochKey() != null && memory.seen(e.epoch() - 1, e.nodeId(), e.previousEpochKey())) {
            return new Admission(Admission.Decision.DUPLICATE, "job " + e.previousEpochKey().substring(2)
                    + " was already answered in epoch " + (e.epoch() - 1), false, open);
        }
        for (String k : e.dedupeKeys()) {
            if (memory.seen(e.epoch(), e.nodeId(), k)) {
                return new Admission(Admission.Decision.DUPLICATE,
                        "an event with the same dedupe key (" + k + ") was already processed", false, open);
            }
        }
        if (e.epoch() > lastClosed - dedupeRetainEpochs) {
            for (String k : e.dedupeKeys()) {
                memory.remember(e.epoch(), e.nodeId(), k);
            }
        }
        boolean inTime = lateness.counts(e.epoch(), appendTimeMillis);
        if (!inTime || !open) {
            return new Admission(Admission.Decision.LATE, null, inTime && !open, open);
        }
        return new Admission(Admission.Decision.COUNTED, null, false, true);
    }

    /** Keys of epochs at or before this one are forgotten when {@code closedEpoch} closes. */
    public long forgottenOnClose(long closedEpoch) {
        return closedEpoch - dedupeRetainEpochs;
    }
}
