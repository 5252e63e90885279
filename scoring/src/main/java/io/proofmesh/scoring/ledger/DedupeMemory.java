package io.proofmesh.scoring.ledger;

/**
 * The dedupe keys seen so far, per (epoch, node): the processor keeps them in its state store,
 * the audit in memory.
 */
public interface DedupeMemory {

    boolean seen(long epoch, String nodeId, String key);

    void remember(long epoch, String nodeId, String key);
}
