package io.proofmesh.platform.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling waits with a message that says what was awaited, for tests. */
public final class WaitUntil {

    private WaitUntil() {
    }

    public static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
