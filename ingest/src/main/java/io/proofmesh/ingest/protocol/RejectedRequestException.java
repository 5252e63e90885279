package io.proofmesh.ingest.protocol;

/**
 * A request failed a protocol check. Checked, so every caller decides what the client hears.
 * No stack trace: floods of hostile requests are expected traffic, not bugs, and filling
 * stack traces would be the most expensive part of refusing them.
 */
public final class RejectedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;
    private final transient TelemetryRequest claimed;

    public RejectedRequestException(Rejection rejection) {
        this(rejection, null);
    }

    private RejectedRequestException(Rejection rejection, TelemetryRequest claimed) {
        super(rejection.code() + ": " + rejection.message()
                + (rejection.field() == null ? "" : " (at " + rejection.field() + ")"), null, false, false);
        this.rejection = rejection;
        this.claimed = claimed;
    }

    /** The same refusal of a body that parsed: it names (unverified) the node and seq it claims. */
    RejectedRequestException claimedBy(TelemetryRequest request) {
        return new RejectedRequestException(rejection, request);
    }

    /** The nodeId the refused body claims, if it parsed that far (not authenticated); else null. */
    public String claimedNodeId() {
        return claimed == null ? null : claimed.nodeId();
    }

    /** The seq the refused body claims, if it parsed that far; else null. */
    public Long claimedSeq() {
        return claimed == null ? null : claimed.seq();
    }

    public Rejection rejection() {
        return rejection;
    }

    public ReasonCode code() {
        return rejection.code();
    }
}
