package io.proofmesh.platform.crypto;

/** A signature is malformed or does not recover to a key. */
public class InvalidSignatureException extends RuntimeException {
    public InvalidSignatureException(String message) {
        super(message);
    }
}
