package io.proofmesh.scoring.policy;

/** Parts per million: every ratio that decides money is an integer in [0, 1,000,000]. */
public final class Ppm {

    public static final int ONE = 1_000_000;

    private Ppm() {}

    /** {@code value} unchanged if in [0, ONE]; IllegalArgumentException naming {@code what} otherwise. */
    public static int check(String what, long value) {
        if (value < 0 || value > ONE) {
            throw new IllegalArgumentException(what + " must be in [0, 1000000] ppm, got " + value);
        }
        return (int) value;
    }

    /** floor(numerator × ONE / denominator), 0 when the denominator is 0. */
    public static int ratio(long numerator, long denominator) {
        if (denominator <= 0) {
            return 0;
        }
        return (int) Math.min(ONE, Math.multiplyExact(numerator, (long) ONE) / denominator);
    }

    /** floor(a × b / ONE) for two ppm values. */
    public static int times(int a, int b) {
        return (int) ((long) a * b / ONE);
    }
}
