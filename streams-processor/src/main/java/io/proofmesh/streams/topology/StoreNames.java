package io.proofmesh.streams.topology;

/** The topology's state stores; the query API reads the same names. */
public final class StoreNames {

    /** (epoch, nodeId) → NodeEpochTally bytes: what has counted so far for open epochs. */
    public static final String TALLIES = "node-epoch-tallies";
    /** (epoch, dedupe key) → 1: events already seen, kept a few epochs past close. */
    public static final String DEDUPE = "dedupe-keys";
    /** nodeId → NodeStanding bytes: reputation and capacity carried across epochs. */
    public static final String STANDING = "node-standing";
    /** nodeId → registration status, from nodes.registry. */
    public static final String REGISTRY = "node-registry";
    /** partition → PartitionClock bytes: last closed epoch and input positions. */
    public static final String CLOCK = "partition-clock";
    /** (epoch, nodeId) → NodeEpochScore (Avro binary): final scores for the query API. */
    public static final String SCORES = "epoch-scores";
    /** (nodeId, epoch, reason) → RejectionCount bytes: what of a node's was refused and why. */
    public static final String REJECTIONS = "node-rejections";
    /** Global: "epoch/partition" → EpochClosed (Avro binary), every partition's markers. */
    public static final String CLOSED = "epochs-closed";
    /** Global: policy hash → ScoringPolicy (Avro binary), as published. */
    public static final String POLICIES = "scoring-policies";

    private StoreNames() {}
}
