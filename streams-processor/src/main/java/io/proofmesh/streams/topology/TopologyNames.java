package io.proofmesh.streams.topology;

/** Processor and sink names of the topology (the scorer forwards to the sinks by name). */
public final class TopologyNames {

    public static final String SCORER = "epoch-scorer";
    public static final String SCORES_SINK = "scores-sink";
    public static final String CLOSED_SINK = "epochs-closed-sink";
    public static final String LATE_SINK = "late-sink";
    public static final String REJECTED_SINK = "rejected-sink";

    private TopologyNames() {}
}
