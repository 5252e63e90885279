package io.proofmesh.platform.config;

/** A setting is missing or malformed; the message says which and how to fix it. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
