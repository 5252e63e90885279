package io.proofmesh.inference.verifier;

import io.proofmesh.inference.model.ModelCatalogue;
import io.proofmesh.inference.model.ModelEntry;
import io.proofmesh.inference.runner.JobExecutor;
import io.proofmesh.inference.runner.JobOutcome;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides, for one result from {@code jobs.results}, whether and how it is verified
 * (PROTOCOL.md §13.6): every canary's result against its known answer; a sample of the others
 * ({@link SampleSelector}) by re-running the job with the verifier's own catalogue. Only OK
 * results are re-run (a refusal earns nothing to check), but a non-OK answer to a canary is a
 * MISMATCH: the verifier ran that job itself, so the node shirked it.
 */
public final class Verifier {

    /** What became of one result. */
    public enum Kind { VERIFIED, NOT_SAMPLED, SKIPPED, AWAIT_JOB }

    public record Outcome(Kind kind, JobVerification verification, String skipReason) {

        static Outcome verified(JobVerification v) {
            return new Outcome(Kind.VERIFIED, v, null);
        }

        static Outcome skipped(String reason) {
            return new Outcome(Kind.SKIPPED, null, reason);
        }
    }

    /** Skip reasons, the {@code reason} tag of {@code proofmesh_verifier_skipped_total}. */
    public static final String UNKNOWN_JOB = "unknown_job";
    public static final String NOT_OK = "not_ok";
    public static final String DUPLICATE = "duplicate";
    public static final String REFERENCE_UNAVAILABLE = "reference_unavailable";

    private final BoundedBook<InferenceJob> jobs;
    private final BoundedBook<Canary> canaries;
    private final BoundedBook<Boolean> verified;
    private final SampleSelector selector;
    private final ModelCatalogue catalogue;
    private final JobExecutor executor;
    private final String verifierId;
    private final Clock clock;

    public Verifier(int capacity, SampleSelector selector, ModelCatalogue catalogue, JobExecutor executor, String verifierId,
                    Clock clock) {
        this.jobs = new BoundedBook<>(capacity);
        this.canaries = new BoundedBook<>(capacity);
        this.verified = new BoundedBook<>(capacity);
        this.selector = selector;
        this.catalogue = catalogue;
        this.executor = executor;
        this.verifierId = verifierId;
        this.clock = clock;
    }

    /** A job seen on {@code jobs.requests}. */
    public void jobSeen(InferenceJob job) {
        jobs.putIfAbsent(job.getJobId(), job);
    }

    /** A canary about to be submitted; recorded before it is on the wire, so its result always finds it. */
    public void canaryIssued(Canary canary) {
        canaries.put(canary.jobId(), canary);
    }

    public boolean isCanary(String jobId) {
        return canaries.contains(jobId);
    }

    /** The newest jobs seen that are not canaries: the templates canaries are drawn from. */
    public List<InferenceJob> recentRealJobs(int n) {
        return jobs.newest(n * 2).stream().filter(j -> !canaries.contains(j.getJobId())).toList();
    }

    public ModelCatalogue catalogue() {
        return catalogue;
    }

    public JobExecutor executor() {
        return executor;
    }

    /** {@code lastChance}: the job will not be waited for any longer (its request never came). */
    public Outcome verify(JobResult result, boolean lastChance) {
        String jobId = result.getJobId();
        String key = jobId + "/" + result.getNodeId();
        if (verified.contains(key)) {
            return Outcome.skipped(DUPLICATE);
        }
        Optional<Canary> canary = canaries.get(jobId);
        if (canary.isPresent()) {
            Canary c = canary.get();
            ResultJudge.Judgement j = ResultJudge.judge(result, c.expectedOutputs(), c.tolerance());
            return done(key, result, j, c.tolerance(), true);
        }
        if (!selector.sampled(jobId)) {
            return new Outcome(Kind.NOT_SAMPLED, null, null);
        }
        if (result.getStatus() != JobStatus.OK) {
            return Outcome.skipped(NOT_OK);
        }
        Optional<InferenceJob> job = jobs.get(jobId);
        if (job.isEmpty()) {
            return lastChance ? Outcome.skipped(UNKNOWN_JOB) : new Outcome(Kind.AWAIT_JOB, null, null);
        }
        Optional<ModelEntry> entry = catalogue.entry(job.get().getModelId());
        if (entry.isEmpty()) {
            return Outcome.skipped(REFERENCE_UNAVAILABLE);
        }
        double tolerance = entry.get().tolerance();
        if (!result.getModelId().equals(job.get().getModelId())) {
            return done(key, result, new ResultJudge.Judgement(Verdict.MISMATCH, Double.POSITIVE_INFINITY,
                    "result names model " + result.getModelId() + ", the job " + job.get().getModelId()), tolerance, false);
        }
        JobOutcome reference = rerun(job.get());
        if (reference.status() == JobStatus.INVALID_INPUT) {
            // the protocol refuses these inputs (§13.2); an OK answer invented outputs
            return done(key, result, new ResultJudge.Judgement(Verdict.MISMATCH, Double.POSITIVE_INFINITY,
                    "OK for inputs the protocol refuses: " + reference.statusMessage()), tolerance, false);
        }
        if (reference.status() != JobStatus.OK) {
            return Outcome.skipped(REFERENCE_UNAVAILABLE);
        }
        return done(key, result, ResultJudge.judge(result, reference.outputs(), tolerance), tolerance, false);
    }

    /** Runs a job as the sidecar would, but regardless of its deadline (the verifier runs after it). */
    public JobOutcome rerun(InferenceJob job) {
        InferenceJob timeless = InferenceJob.newBuilder(job).setDeadline(Instant.ofEpochMilli(Long.MAX_VALUE / 2)).build();
        return executor.run(List.of(new JobExecutor.QueuedJob(timeless, clock.millis()))).get(0);
    }

    private Outcome done(String key, JobResult r, ResultJudge.Judgement j, double tolerance, boolean canary) {
        verified.put(key, Boolean.TRUE);
        return Outcome.verified(JobVerification.newBuilder()
                .setJobId(r.getJobId())
                .setNodeId(r.getNodeId())
                .setModelId(r.getModelId())
                .setVerdict(j.verdict())
                .setMaxAbsDiff(j.maxAbsDiff())
                .setTolerance(tolerance)
                .setCanary(canary)
                .setVerifierId(verifierId)
                .setVerifiedAt(Instant.ofEpochMilli(clock.millis()))
                .setResultSentAt(r.getSentAt())
                .build());
    }
}
