package io.proofmesh.inference.model;

/** The requested execution device cannot be used on this host; the message says what to install. */
public class DeviceUnavailableException extends Exception {
    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
