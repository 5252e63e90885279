package io.proofmesh.scoring.ledger;

import io.proofmesh.scoring.score.NodeEpochTally;

/**
 * What {@link AdmissionRule} decided for one event.
 *
 * @param decision       counted, duplicate, late or refused
 * @param reason         why a duplicate is one (for its RejectedEvent), else null
 * @param orderViolation appended in time but its epoch was already closed (broker clock skew beyond the margin)
 * @param charged        the event's epoch is still open: the decision goes into the node's tally of that epoch
 */
public record Admission(Decision decision, String reason, boolean orderViolation, boolean charged) {

    public enum Decision { COUNTED, DUPLICATE, LATE, REFUSED }

    /**
     * The decision's effect on the node's tally of the event's epoch: the event itself if counted,
     * otherwise one more late / duplicate / rejected event. Call only when {@link #charged()}.
     */
    public void applyTo(LedgerEvent event, NodeEpochTally tally) {
        switch (decision) {
            case COUNTED -> event.countInto(tally);
            case DUPLICATE -> tally.countDuplicate();
            case LATE -> tally.countLate();
            case REFUSED -> tally.countRejected();
        }
    }
}
