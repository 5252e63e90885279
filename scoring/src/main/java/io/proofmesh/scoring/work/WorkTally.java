package io.proofmesh.scoring.work;

/**
 * Counted job results and verifications of one node in one epoch.
 *
 * @param jobsOk           results with status OK
 * @param jobsFailed       results INVALID_INPUT, UNKNOWN_MODEL, FAILED or an unknown status
 * @param jobsExpired      results DEADLINE_EXCEEDED
 * @param gpuMs            sum of computeMs over OK results
 * @param verifiedMatch    verifications MATCH
 * @param verifiedMismatch verifications MISMATCH
 */
public record WorkTally(int jobsOk, int jobsFailed, int jobsExpired, long gpuMs, int verifiedMatch,
                        int verifiedMismatch) {

    public static final WorkTally NONE = new WorkTally(0, 0, 0, 0, 0, 0);

    public enum ResultStatus { OK, FAILED, EXPIRED }

    public WorkTally withResult(ResultStatus status, long computeMs) {
        return switch (status) {
            case OK -> new WorkTally(jobsOk + 1, jobsFailed, jobsExpired, gpuMs + Math.max(0, computeMs),
                    verifiedMatch, verifiedMismatch);
            case FAILED -> new WorkTally(jobsOk, jobsFailed + 1, jobsExpired, gpuMs, verifiedMatch, verifiedMismatch);
            case EXPIRED -> new WorkTally(jobsOk, jobsFailed, jobsExpired + 1, gpuMs, verifiedMatch, verifiedMismatch);
        };
    }

    public WorkTally withVerification(boolean match) {
        return match
                ? new WorkTally(jobsOk, jobsFailed, jobsExpired, gpuMs, verifiedMatch + 1, verifiedMismatch)
                : new WorkTally(jobsOk, jobsFailed, jobsExpired, gpuMs, verifiedMatch, verifiedMismatch + 1);
    }

    public int jobsTotal() {
        return jobsOk + jobsFailed + jobsExpired;
    }
}
