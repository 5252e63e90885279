package io.proofmesh.inference.verifier;

import io.proofmesh.inference.tensor.TensorComparison;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares an OK result with the reference outputs (PROTOCOL.md §13.5 and §13.6): MATCH iff the
 * max abs element difference is ≤ the tolerance.
 *
 * <p>A result with {@code outputsTruncated} carries a prefix of the outputs, in the model's output
 * order, cut where the next whole output would pass {@link #MAX_OUTPUT_BYTES} raw bytes (the
 * sidecar's rule). The verifier cuts the reference the same way: the result must carry exactly
 * that prefix (carrying fewer outputs than the bound forces is a MISMATCH — a node cannot dodge
 * the check by truncating), and the verdict is on the outputs present. The omitted outputs are
 * covered only by {@code outputDigest}, which is not a verdict (§13.4: two honest runs can differ
 * in digest), so they are not checked by value.
 */
public final class ResultJudge {

    /** The sidecar's bound on raw output bytes per result ({@code ResultReporter.MAX_OUTPUT_BYTES}). */
    public static final int MAX_OUTPUT_BYTES = 512 * 1024;

    /** The verdict on one result and why. */
    public record Judgement(Verdict verdict, double maxAbsDiff, String reason) {}

    private ResultJudge() {
    }

    /** Judges a result claimed OK against the reference's full outputs. */
    public static Judgement judge(JobResult result, List<Tensor> reference, double tolerance) {
        if (result.getStatus() != JobStatus.OK) {
            return new Judgement(Verdict.MISMATCH, Double.POSITIVE_INFINITY,
                    "the node answered " + result.getStatus() + " where the reference ran");
        }
        List<Tensor> expected = reference;
        if (result.getOutputsTruncated()) {
            expected = sizeBoundPrefix(reference);
            if (expected.size() == reference.size()) {
                return new Judgement(Verdict.MISMATCH, Double.POSITIVE_INFINITY,
                        "outputs marked truncated although all of them fit the size bound");
            }
        }
        TensorComparison.Difference d = TensorComparison.compare(result.getOutputs(), expected);
        Verdict v = d.withinTolerance(tolerance) ? Verdict.MATCH : Verdict.MISMATCH;
        String reason = d.mismatch() != null ? d.mismatch()
                : v == Verdict.MATCH ? "within tolerance" : "max abs diff " + d.maxAbsDiff() + " > tolerance " + tolerance;
        return new Judgement(v, d.maxAbsDiff(), reason);
    }

    /** The outputs a result carries when all of {@code outputs} would not fit: whole outputs from the front. */
    static List<Tensor> sizeBoundPrefix(List<Tensor> outputs) {
        List<Tensor> kept = new ArrayList<>();
        long bytes = 0;
        for (Tensor t : outputs) {
            int size = t.getData().remaining();
            if (bytes + size > MAX_OUTPUT_BYTES) {
                break;
            }
            bytes += size;
            kept.add(t);
        }
        return kept;
    }
}
