package io.proofmesh.ingest.registry;

/**
 * Why ingest refused a key rotation ({@code POST /v1/nodes/{nodeId}/key-rotation}, PROTOCOL.md
 * §10), with the HTTP status. Names are part of the protocol: the CLI and operators' tools match
 * on them, so a code is never renamed or reused.
 */
public enum KeyRotationCode {

    RATE_LIMITED_SOURCE(429),
    UNSUPPORTED_MEDIA_TYPE(415),
    BODY_TOO_LARGE(413),
    /** Not one JSON object: syntax, duplicate key, trailing content. */
    MALFORMED_JSON(400),
    /** A JSON object, but not a rotation request: unknown, missing or mistyped field, wrong form. */
    MALFORMED_ROTATION(400),
    WRONG_DOMAIN(401),
    CLOCK_SKEW(422),
    UNKNOWN_NODE(404),
    /** The operator signature is malformed or was not made by the registration's operatorAddress. */
    OPERATOR_SIGNATURE_INVALID(401),
    /** The new-key signature is malformed or was not made by newSigningAddress (no proof of possession). */
    NEW_KEY_SIGNATURE_INVALID(401),
    /** previousSigningAddress is not the node's current key, or issuedAt is not after the last rotation. */
    STALE_ROTATION(409),
    /** Authorised but not allowed: the key is already the current one, or another node's. */
    INVALID_ROTATION(422),
    KAFKA_UNAVAILABLE(503);

    private final int httpStatus;

    KeyRotationCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
