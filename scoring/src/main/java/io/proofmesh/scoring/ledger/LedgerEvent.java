package io.proofmesh.scoring.ledger;

import io.proofmesh.schemas.telemetry.EventKind;
import io.proofmesh.scoring.score.NodeEpochTally;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node event as scoring sees it (PROTOCOL.md §12): whose it is, which epoch it belongs to, the
 * keys that make a second copy a duplicate, and what it adds to the node's tally if it counts.
 * Built only by {@link EventClassifier}, so the processor and the audit classify alike.
 *
 * @param kind           the event's kind
 * @param nodeId         the node it is charged to
 * @param epoch          the epoch it belongs to
 * @param seq            the signed request's seq, or null (probes, verifications)
 * @param eventIndex     the event's index in its request, or null
 * @param dedupeKeys     keys checked and remembered in {@code epoch}
 * @param previousEpochKey a key also checked (not remembered) in {@code epoch − 1}, or null
 * @param refusal        a reason code if the event can never count (e.g. UNKNOWN_VERDICT), else null
 * @param refusalMessage what to tell the operator about the refusal, or null
 */
public record LedgerEvent(EventKind kind, String nodeId, long epoch, Long seq, Integer eventIndex,
                          List<String> dedupeKeys, String previousEpochKey, String refusal, String refusalMessage,
                          Consumer<NodeEpochTally> counting) {

    public LedgerEvent {
        dedupeKeys = List.copyOf(dedupeKeys);
    }

    /** Adds this (counted) event to its node's tally of its epoch. */
    public void countInto(NodeEpochTally tally) {
        counting.accept(tally);
    }
}
