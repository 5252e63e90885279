package io.proofmesh.inference.runner;

import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.jobs.JobStatus;
import java.util.List;

/**
 * What running one job produced, before it is signed and sent: the status (OK, INVALID_INPUT,
 * UNKNOWN_MODEL, DEADLINE_EXCEEDED, FAILED), a message for anything but OK, the outputs and
 * their digest (PROTOCOL.md §13), the time queued and computing, and the provider that ran it.
 */
public record JobOutcome(String jobId, String modelId, JobStatus status, String statusMessage, List<Tensor> outputs,
                         byte[] outputDigest, long queueMs, long computeMs, String executionProvider, long completedAt) {

    public JobOutcome {
        outputs = List.copyOf(outputs);
        if (status != JobStatus.OK && !outputs.isEmpty()) {
            throw new IllegalArgumentException("only an OK result carries outputs (PROTOCOL.md §3.3)");
        }
        if (outputDigest == null || outputDigest.length != 32) {
            throw new IllegalArgumentException("the output digest is 32 bytes");
        }
    }

    /** A result without outputs (the digest of no outputs is all zeros). */
    public static JobOutcome refused(String jobId, String modelId, JobStatus status, String message, long queueMs,
                                     String provider, long completedAt) {
        return new JobOutcome(jobId, modelId, status, message, List.of(), new byte[32], queueMs, 0, provider, completedAt);
    }
}
