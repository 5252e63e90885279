package io.proofmesh.ingest.protocol;

/**
 * A request failed a protocol check. Checked, so every caller decides what the client hears.
 * No stack trace: floods of hostile requests are expected traffic, not bugs, and filling
 * stack traces would be the most expensive part of refusing them.
 */
public final class RejectedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;

    public RejectedRequestException(Rejection rejection) {
        super(rejection.code() + ": " + rejection.message()
                + (rejection.field() == null ? "" : " (at " + rejection.field() + ")"), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }

    public ReasonCode code() {
        return rejection.code();
    }
}
