package io.proofmesh.inference.verifier;

/**
 * How long a node that returns wrong outputs can go unnoticed (PROTOCOL.md §13.6). Every result
 * of such a node fails verification, so it is caught at its first verified result. Each result
 * is verified independently with probability p′ = p + c − p·c (sampled at rate p, or a canary,
 * a fraction c of all jobs), so the number of its results before the first verification is
 * geometric: P(not caught after n results) = (1 − p′)ⁿ. With probability ≥ 1 − δ it is caught
 * within n = ⌈ln δ / ln(1 − p′)⌉ results.
 */
public final class DetectionBound {

    private DetectionBound() {
    }

    /** p′: the chance that one result is verified, by sample ({@code sampleRate}) or as a canary ({@code canaryFraction}). */
    public static double verifiedFraction(double sampleRate, double canaryFraction) {
        requireProbability(sampleRate, "sample rate");
        requireProbability(canaryFraction, "canary fraction");
        return sampleRate + canaryFraction - sampleRate * canaryFraction;
    }

    /** (1 − p′)ⁿ: the chance that none of a cheating node's first n results is verified. */
    public static double probabilityUncaught(double pPrime, long n) {
        requireProbability(pPrime, "p'");
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0");
        }
        return Math.pow(1 - pPrime, n);
    }

    /**
     * The smallest n with (1 − p′)ⁿ ≤ δ: with probability ≥ 1 − δ a node that corrupts every
     * result is caught within its first n results. 1 when p′ = 1.
     *
     * @throws IllegalArgumentException p′ not in (0, 1] or δ not in (0, 1)
     */
    public static long resultsBeforeCaught(double pPrime, double delta) {
        if (!(pPrime > 0 && pPrime <= 1)) {
            throw new IllegalArgumentException("p' must be in (0, 1]: with nothing verified no node is ever caught; got " + pPrime);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        if (pPrime == 1) {
            return 1;
        }
        long n = (long) Math.ceil(Math.log(delta) / Math.log1p(-pPrime));
        // guard the floating-point edge: the smallest n that really satisfies the inequality
        while (n > 1 && Math.pow(1 - pPrime, n - 1) <= delta) {
            n--;
        }
        while (Math.pow(1 - pPrime, n) > delta) {
            n++;
        }
        return Math.max(1, n);
    }

    private static void requireProbability(double p, String what) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + p);
        }
    }
}
