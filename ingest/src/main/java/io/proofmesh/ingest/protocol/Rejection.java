package io.proofmesh.ingest.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One refusal as the client sees it: {@code {"code","message","field"?}}.
 *
 * @param code    stable reason code
 * @param message human-readable detail (never echoes more than a short excerpt of the input)
 * @param field   JSON pointer (RFC 6901) to the offending value, e.g. {@code /events/2/cpuLoadPpm};
 *                null when the problem is not located in the body
 */
public record Rejection(ReasonCode code, String message, String field) {

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static Rejection of(ReasonCode code, String message) {
        return new Rejection(code, message, null);
    }

    public int httpStatus() {
        return code.httpStatus();
    }

    /** The error response body: compact JSON, keys in this order, {@code field} omitted when null. */
    public byte[] toJson() {
        StringBuilder out = new StringBuilder(64 + message.length());
        out.append("{\"code\":");
        JsonText.appendString(out, code.name());
        out.append(",\"message\":");
        JsonText.appendString(out, message);
        if (field != null) {
            out.append(",\"field\":");
            JsonText.appendString(out, field);
        }
        out.append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public RejectedRequestException toException() {
        return new RejectedRequestException(this);
    }
}
