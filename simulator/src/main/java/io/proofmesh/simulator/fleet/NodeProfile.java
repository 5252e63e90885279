package io.proofmesh.simulator.fleet;

import java.util.Set;

/**
 * How a simulated node behaves, and which answers ingest must give it. The hostile profiles
 * are there to show that ingest refuses them: a forger or a replayer that is ever accepted is a
 * failure of the network, not of the node.
 */
public enum NodeProfile {
    /** Sends every heartbeat on time, answers probes at once. */
    HONEST(Set.of()),
    /** Misses about half of its heartbeats (what it does send is honest). */
    FLAKY(Set.of()),
    /** Honest telemetry, but answers latency probes only after a long delay. */
    SLOW(Set.of()),
    /**
     * Not really running: after its first request it only re-sends that signed body byte for byte,
     * hoping stale heartbeats pass for uptime.
     */
    REPLAYER(Set.of("REPLAYED", "STALE_SEQ")),
    /** Signs with a key that is not the node's, or changes the body after signing. */
    FORGER(Set.of("SIGNER_MISMATCH")),
    /** Its clock is 15 minutes off, far outside ingest's skew window. */
    SKEWED(Set.of("CLOCK_SKEW"));

    private final Set<String> expectedRejections;

    NodeProfile(Set<String> expectedRejections) {
        this.expectedRejections = expectedRejections;
    }

    /** The reason codes ingest is expected to answer this profile's bad requests with. */
    public Set<String> expectedRejections() {
        return expectedRejections;
    }

    public String label() {
        return name().toLowerCase();
    }
}
