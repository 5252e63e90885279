package io.proofmesh.platform.devstack;

/** The dev stack could not start or stop; the message says what to do next. */
public class DevStackException extends RuntimeException {
    public DevStackException(String message) {
        super(message);
    }

    public DevStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
