package io.proofmesh.ingest.protocol;

/**
 * Size limits of protocol version 1 (PROTOCOL.md, "Limits"). Only the body size is a
 * deployment setting; the others are part of the protocol, so an agent can know in advance
 * what will be accepted.
 *
 * @param maxBodyBytes largest accepted request body in bytes (default 64 KiB)
 */
public record ProtocolLimits(int maxBodyBytes) {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** Deepest nesting of objects and arrays; the deepest valid v1 body (a tensor's shape) is 6. */
    public static final int MAX_DEPTH = 8;
    public static final int MAX_EVENTS = 100;
    public static final int MAX_OUTPUTS = 16;
    public static final int MAX_SHAPE_DIMS = 8;
    public static final int MAX_NETWORK_CHARS = io.proofmesh.platform.protocol.SigningDomain.MAX_NETWORK_CHARS;
    public static final int MAX_NAME_CHARS = 64;
    public static final int MAX_ID_CHARS = 128;
    public static final int MAX_STATUS_MESSAGE_CHARS = 1024;

    public ProtocolLimits {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
        }
    }

    public static ProtocolLimits defaults() {
        return new ProtocolLimits(DEFAULT_MAX_BODY_BYTES);
    }
}
