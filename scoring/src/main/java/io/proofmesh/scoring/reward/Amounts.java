package io.proofmesh.scoring.reward;

import java.math.BigInteger;

/** Checks on token amounts: non-negative integers that fit a uint256. */
final class Amounts {

    static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    private Amounts() {
    }

    static BigInteger requireNonNegative(String what, BigInteger value) {
        if (value == null || value.signum() < 0 || value.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException(what + " must be a non-negative uint256 amount, got " + value);
        }
        return value;
    }
}
