package io.proofmesh.ingest.protocol;

/**
 * Why ingest (or the processor) refused input. The names are part of the protocol: clients,
 * dashboards and {@code telemetry.rejected} records match on them, so a code is never renamed
 * or reused; new ones may be added. PROTOCOL.md lists when each applies, in check order.
 */
public enum ReasonCode {

    RATE_LIMITED_SOURCE(429),
    UNSUPPORTED_MEDIA_TYPE(415),
    BODY_TOO_LARGE(413),
    INVALID_UTF8(400),
    MALFORMED_JSON(400),
    NESTING_TOO_DEEP(400),
    DUPLICATE_FIELD(400),
    UNKNOWN_FIELD(400),
    MISSING_FIELD(400),
    WRONG_TYPE(400),
    UNSUPPORTED_VERSION(422),
    OUT_OF_RANGE(422),
    /** A string that is not in its required form (address, digest, base64, name charset). */
    INVALID_FORMAT(422),
    UNKNOWN_EVENT_KIND(422),
    TOO_MANY_EVENTS(422),
    NO_EVENTS(422),
    WRONG_DOMAIN(401),
    CLOCK_SKEW(422),
    MISSING_SIGNATURE(401),
    MALFORMED_SIGNATURE(401),
    UNKNOWN_NODE(401),
    SIGNER_MISMATCH(401),
    NODE_SUSPENDED(403),
    RATE_LIMITED_NODE(429),
    REPLAYED(409),
    STALE_SEQ(409),
    KAFKA_UNAVAILABLE(503),
    /**
     * Processor stage only: an event whose dedupe key (nodeId, seq, eventIndex) was already
     * counted. Never an HTTP answer; the status is what it would be if it were one.
     */
    DUPLICATE(409);

    private final int httpStatus;

    ReasonCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** 429 and 503 tell the client to come back later (with Retry-After); everything else is final. */
    public boolean retryable() {
        return httpStatus == 429 || httpStatus == 503;
    }
}
