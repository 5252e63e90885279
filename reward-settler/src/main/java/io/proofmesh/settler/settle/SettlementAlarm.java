package io.proofmesh.settler.settle;

/**
 * Settling cannot go on without a person: the chain holds a different root for an epoch than
 * the batch topics, governance revoked a root, or the distributor refuses the post. The settler
 * stops, reports DOWN on /health, sets {@code proofmesh_settler_alarm} to 1 and logs this message,
 * which says what to check next.
 */
public final class SettlementAlarm extends RuntimeException {
    public SettlementAlarm(String message) {
        super(message);
    }
}
