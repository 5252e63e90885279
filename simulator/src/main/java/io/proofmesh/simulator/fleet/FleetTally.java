package io.proofmesh.simulator.fleet;

import io.proofmesh.simulator.agent.Delivery;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fleet-level counts the agents' counters cannot know: forged or replayed bodies that ingest
 * let through (must stay 0), and heartbeats flaky nodes skipped on purpose.
 */
final class FleetTally {

    private final LongAdder forgedAccepted = new LongAdder();
    private final LongAdder forgedSent = new LongAdder();
    private final LongAdder replaysAccepted = new LongAdder();
    private final LongAdder replaysSent = new LongAdder();
    private final LongAdder missedHeartbeats = new LongAdder();

    void missedHeartbeat() {
        missedHeartbeats.increment();
    }

    void outcome(SimulatedNode.Action a, Delivery d) {
        switch (a) {
            case FORGE_WRONG_KEY, FORGE_TAMPERED -> {
                forgedSent.increment();
                if (d.delivered()) { // never accepted now or before: any acceptance is a forgery that got through
                    forgedAccepted.increment();
                }
            }
            case REPLAY_FIRST -> {
                replaysSent.increment();
                if (d.outcome() == Delivery.Outcome.ACCEPTED) { // a fresh 202 for bytes accepted before
                    replaysAccepted.increment();
                }
            }
            default -> { }
        }
    }

    long forgedAccepted() {
        return forgedAccepted.sum();
    }

    long forgedSent() {
        return forgedSent.sum();
    }

    long replaysAccepted() {
        return replaysAccepted.sum();
    }

    long replaysSent() {
        return replaysSent.sum();
    }

    long missedHeartbeats() {
        return missedHeartbeats.sum();
    }
}
