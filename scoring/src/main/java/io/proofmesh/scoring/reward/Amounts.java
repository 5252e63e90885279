package io.proofmesh.scoring.reward;

import java.math.BigInteger;

/** Checks on token amounts: non-negative integers that fit a uint256. */
final class Amounts {

    private Amounts() {
    }

    /** As {@link #requireNonNegative(String, BigInteger)} for "{@code field} of {@code nodeId}" (the message is built only on failure). */
    static BigInteger requireNonNegative(String field, String nodeId, BigInteger value) {
        if (value == null || value.signum() < 0 || value.bitLength() > 256) {
            return requireNonNegative(field + " of " + nodeId, value);
        }
        return value;
    }

    /** {@code value} if in [0, 1000000]; built only on failure, the message names "{@code field} of {@code nodeId}". */
    static int requirePpm(String field, String nodeId, int value) {
        if (value < 0 || value > io.proofmesh.scoring.policy.Ppm.ONE) {
            io.proofmesh.scoring.policy.Ppm.check(field + " of " + nodeId, value);
        }
        return value;
    }

    static BigInteger requireNonNegative(String what, BigInteger value) {
        if (value == null || value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException(what + " must be a non-negative uint256 amount, got " + value);
        }
        return value;
    }
}
