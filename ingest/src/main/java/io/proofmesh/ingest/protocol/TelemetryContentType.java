package io.proofmesh.ingest.protocol;

import java.util.Locale;

/**
 * The one media type a telemetry body may have: {@code application/json}, optionally with
 * {@code charset=utf-8} (any case, optional whitespace). Anything else is UNSUPPORTED_MEDIA_TYPE,
 * checked before the body is read.
 */
public final class TelemetryContentType {

    public static final String VALUE = "application/json";

    private TelemetryContentType() {
    }

    public static void check(String contentType) throws RejectedRequestException {
        if (!isAccepted(contentType)) {
            throw Rejection.of(ReasonCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json (UTF-8), got "
                    + (contentType == null ? "none" : "'" + StrictJsonReader.excerpt(contentType) + "'")).toException();
        }
    }

    static boolean isAccepted(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";", -1);
        if (!parts[0].strip().equals(VALUE) || parts.length > 2) {
            return false;
        }
        return parts.length == 1 || parts[1].strip().replace(" ", "").equals("charset=utf-8")
                || parts[1].strip().replace(" ", "").equals("charset=\"utf-8\"");
    }
}
