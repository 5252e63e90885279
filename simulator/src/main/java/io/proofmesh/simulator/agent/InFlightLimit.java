package io.proofmesh.simulator.agent;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous semaphore: bounds the requests a whole fleet has on the wire without
 * blocking a thread per waiting agent (10,000 agents share a handful of threads).
 */
final class InFlightLimit {

    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int available;

    InFlightLimit(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("at least one request must be allowed in flight");
        }
        this.available = permits;
    }

    CompletableFuture<Void> acquire() {
        synchronized (this) {
            if (available > 0) {
                available--;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiters.add(f);
            return f;
        }
    }

    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                available++;
                return;
            }
        }
        next.complete(null); // hands the permit on; completed outside the lock
    }

    synchronized int waiting() {
        return waiters.size();
    }
}
