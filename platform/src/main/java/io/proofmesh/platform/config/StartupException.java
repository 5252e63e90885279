package io.proofmesh.platform.config;

/** A service cannot start because of its environment (missing topics, unreachable parts); the message says what to do. */
public class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
