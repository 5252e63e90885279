package io.proofmesh.scoring.policy;

/** A policy record that must not be used, and why (PROTOCOL.md §11.4). */
public final class RefusedPolicyException extends Exception {

    /** Why a policy record is refused; first failing check wins, in this order. */
    public enum Reason {
        /** The content breaks a rule of the policy (a ppm out of range, weights not summing to 1,000,000, ...). */
        INVALID_POLICY,
        /** The signature is not 65 bytes r||s||v with v 27/28 and low s, or does not recover to the record's governanceAddress. */
        BAD_SIGNATURE,
        /** Validly signed, but by a key other than the deployment's trusted governance address. */
        UNTRUSTED_GOVERNANCE,
        /** Published fewer than two epochs before effectiveFromEpoch (and not the genesis policy). */
        PUBLISHED_TOO_LATE
    }

    private final Reason reason;

    public RefusedPolicyException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
