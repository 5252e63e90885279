package io.proofmesh.simulator.agent;

/** A 202 whose receipt does not prove what it should: wrong signer, wrong digest, malformed. */
public final class InvalidReceiptException extends Exception {
    public InvalidReceiptException(String message) {
        super(message);
    }
}
