package io.proofmesh.inference.verifier;

import io.proofmesh.platform.crypto.Keccak256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Which results are re-executed: a job is sampled iff the first 8 bytes of
 * keccak256(jobId ‖ seed), as an unsigned integer, mod 10⁶ is below the rate in parts per million.
 * Deterministic per job (every verifier with the same seed picks the same jobs, a restart picks
 * the same again), and unpredictable to nodes while the seed is secret: a node cannot tell which
 * of its results will be checked.
 */
public final class SampleSelector {

    public static final int MILLION = 1_000_000;

    private final byte[] seed;
    private final int ppm;

    public SampleSelector(byte[] seed, int ppm) {
        if (ppm < 0 || ppm > MILLION) {
            throw new IllegalArgumentException("sample rate must be 0..1000000 ppm, got " + ppm);
        }
        this.seed = seed.clone();
        this.ppm = ppm;
    }

    public boolean sampled(String jobId) {
        byte[] h = Keccak256.hash(jobId.getBytes(StandardCharsets.UTF_8), seed);
        long v = ByteBuffer.wrap(h, 0, 8).getLong();
        return Long.remainderUnsigned(v, MILLION) < ppm;
    }

    public int ppm() {
        return ppm;
    }

    public double rate() {
        return ppm / (double) MILLION;
    }
}
