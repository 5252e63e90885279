package io.proofmesh.scoring.reward;

import java.math.BigInteger;

/** Checks on token amounts: non-negative integers that fit a uint256. */
final class Amounts {

    private Amounts() {
    }

    static BigInteger requireNonNegative(String what, BigInteger value) {
        if (value == null || value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException(what + " must be a non-negative uint256 amount, got " + value);
        }
        return value;
    }
}
