package io.proofmesh.settler.settle;

/**
 * The inputs of an epoch contradict each other (a partition's scores do not match its close
 * marker, scores name another policy than the epoch's, a paid node has no payout address).
 * Settling would commit a wrong root; the settler stops and says what disagrees.
 */
public final class InconsistentInputsException extends RuntimeException {
    public InconsistentInputsException(String message) {
        super(message);
    }
}
