package io.proofmesh.inference.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import io.proofmesh.inference.model.DevModels;
import io.proofmesh.inference.model.ModelCatalogue;
import io.proofmesh.inference.runner.JobExecutor;
import io.proofmesh.inference.runner.JobOutcome;
import io.proofmesh.inference.tensor.TensorCodec;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier's decisions with the real dev MLP: an honest run, a dishonest (perturbed) model, canaries, refusals. */
class VerifierTest {

    static final String NODE = "0x00000000000000000000000000000000000000aa";
    static ModelCatalogue honest;
    static ModelCatalogue dishonest;
    static JobExecutor honestRun;
    static JobExecutor dishonestRun;

    @BeforeAll
    static void catalogues(@TempDir Path dir) throws Exception {
        Settings s = Settings.of(Map.of());
        DevModels.prepare(dir.resolve("honest"), s);
        DishonestModels.prepare(dir.resolve("dishonest"), s);
        honest = ModelCatalogue.load(dir.resolve("honest"));
        dishonest = ModelCatalogue.load(dir.resolve("dishonest"));
        honestRun = new JobExecutor(honest, new TensorCodec(), OrtEnvironment.getEnvironment(), Clock.systemUTC());
        dishonestRun = new JobExecutor(dishonest, new TensorCodec(), OrtEnvironment.getEnvironment(), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        honest.close();
        dishonest.close();
    }

    static Verifier verifier(int ppm) {
        return new Verifier(1000, new SampleSelector(new byte[32], ppm), honest, honestRun, "verifier-test", Clock.systemUTC());
    }

    static InferenceJob mlpJob(Random random, Instant submitted, long allowanceMs) {
        ByteBuffer b = ByteBuffer.allocate(2 * 16 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 32; i++) {
            b.putFloat(random.nextFloat() * 2 - 1);
        }
        Tensor x = Tensor.newBuilder().setName("x").setDtype(TensorType.FLOAT32).setShape(List.of(2L, 16L))
                .setData(ByteBuffer.wrap(b.array())).build();
        return InferenceJob.newBuilder().setJobId("job-" + UUID.randomUUID()).setModelId(DevModels.MLP_MODEL_ID)
                .setInputs(List.of(x)).setSubmittedAt(submitted).setDeadline(submitted.plusMillis(allowanceMs))
                .setRequester("team-a").build();
    }

    static JobResult resultOf(JobOutcome o) {
        Provenance p = Provenance.newBuilder().setSigner(NODE).setSignature(ByteBuffer.wrap(new byte[65]))
                .setSignedBody(ByteBuffer.wrap(new byte[0])).setBodyDigest(new Bytes32(new byte[32]))
                .setReceivedAt(Instant.now()).setIngestId("ingest-test").build();
        return JobResult.newBuilder().setJobId(o.jobId()).setNodeId(NODE).setModelId(o.modelId()).setSeq(1).setEventIndex(0)
                .setSentAt(Instant.ofEpochMilli(1_700_000_000_000L)).setStatus(o.status()).setStatusMessage(o.statusMessage())
                .setOutputs(new ArrayList<>(o.outputs())).setOutputsTruncated(false).setOutputDigest(new Bytes32(o.outputDigest()))
                .setQueueMs(o.queueMs()).setComputeMs(o.computeMs()).setExecutionProvider(o.executionProvider())
                .setCompletedAt(Instant.ofEpochMilli(o.completedAt())).setProvenance(p).build();
    }

    static JobOutcome run(JobExecutor e, InferenceJob job) {
        return e.run(List.of(new JobExecutor.QueuedJob(job, System.currentTimeMillis()))).get(0);
    }

    @Test
    void anHonestResultMatchesAndADishonestOneIsAMismatch() {
        Verifier v = verifier(1_000_000);
        Random random = new Random(1);
        InferenceJob job = mlpJob(random, Instant.now(), 60_000);
        v.jobSeen(job);

        Verifier.Outcome good = v.verify(resultOf(run(honestRun, job)), false);
        assertThat(good.kind()).isEqualTo(Verifier.Kind.VERIFIED);
        JobVerification g = good.verification();
        assertThat(g.getVerdict()).isEqualTo(Verdict.MATCH);
        assertThat(g.getMaxAbsDiff()).isLessThanOrEqualTo(DevModels.MLP_TOLERANCE);
        assertThat(g.getTolerance()).isEqualTo(DevModels.MLP_TOLERANCE);
        assertThat(g.getCanary()).isFalse();
        assertThat(g.getNodeId()).isEqualTo(NODE);
        assertThat(g.getResultSentAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));

        InferenceJob job2 = mlpJob(random, Instant.now(), 60_000);
        v.jobSeen(job2);
        JobOutcome wrong = run(dishonestRun, job2);
        assertThat(wrong.status()).isEqualTo(JobStatus.OK);
        JobVerification b = v.verify(resultOf(wrong), false).verification();
        assertThat(b.getVerdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(b.getMaxAbsDiff()).isGreaterThan(0.01).isFinite();
    }

    @Test
    void aJobPastItsDeadlineIsStillReExecuted() {
        InferenceJob job = mlpJob(new Random(2), Instant.now(), 60_000);
        JobOutcome answered = run(honestRun, job);
        // the verifier sees the same job after its deadline: it must still run it
        InferenceJob expired = InferenceJob.newBuilder(job).setSubmittedAt(Instant.now().minusSeconds(60))
                .setDeadline(Instant.now().minusSeconds(30)).build();
        Verifier late = verifier(1_000_000);
        late.jobSeen(expired);
        assertThat(late.verify(resultOf(answered), false).verification().getVerdict()).isEqualTo(Verdict.MATCH);
    }

    @Test
    void unsampledResultsAreLeftAloneAndUnknownJobsWaitThenAreSkipped() {
        Random random = new Random(3);
        Verifier none = verifier(0);
        InferenceJob job = mlpJob(random, Instant.now(), 60_000);
        none.jobSeen(job);
        assertThat(none.verify(resultOf(run(dishonestRun, job)), false).kind()).isEqualTo(Verifier.Kind.NOT_SAMPLED);

        Verifier all = verifier(1_000_000);
        JobResult orphan = resultOf(run(honestRun, mlpJob(random, Instant.now(), 60_000)));
        assertThat(all.verify(orphan, false).kind()).isEqualTo(Verifier.Kind.AWAIT_JOB);
        Verifier.Outcome gaveUp = all.verify(orphan, true);
        assertThat(gaveUp.kind()).isEqualTo(Verifier.Kind.SKIPPED);
        assertThat(gaveUp.skipReason()).isEqualTo(Verifier.UNKNOWN_JOB);
    }

    @Test
    void aResultIsVerifiedOnceAndNonOkAnswersToRealJobsAreNotReRun() {
        Verifier v = verifier(1_000_000);
        Random random = new Random(4);
        InferenceJob job = mlpJob(random, Instant.now(), 60_000);
        v.jobSeen(job);
        JobResult r = resultOf(run(honestRun, job));
        assertThat(v.verify(r, false).kind()).isEqualTo(Verifier.Kind.VERIFIED);
        assertThat(v.verify(r, false).skipReason()).isEqualTo(Verifier.DUPLICATE);

        InferenceJob refused = mlpJob(random, Instant.now(), 60_000);
        v.jobSeen(refused);
        JobOutcome failed = JobOutcome.refused(refused.getJobId(), refused.getModelId(), JobStatus.FAILED, "gpu fell off", 0,
                "CPUExecutionProvider", System.currentTimeMillis());
        assertThat(v.verify(resultOf(failed), false).skipReason()).isEqualTo(Verifier.NOT_OK);
    }

    @Test
    void canariesAreAlwaysCheckedAgainstTheirKnownAnswerAndShirkingOneIsAMismatch() {
        Verifier v = verifier(0); // nothing sampled: only canaries are checked
        Random random = new Random(5);
        InferenceJob canary = mlpJob(random, Instant.now(), 60_000);
        v.jobSeen(canary);
        JobOutcome answer = v.rerun(canary);
        v.canaryIssued(new Canary(canary.getJobId(), canary.getModelId(), answer.outputs(), DevModels.MLP_TOLERANCE));

        JobVerification honestAnswer = v.verify(resultOf(run(honestRun, canary)), false).verification();
        assertThat(honestAnswer.getVerdict()).isEqualTo(Verdict.MATCH);
        assertThat(honestAnswer.getCanary()).isTrue();

        InferenceJob canary2 = mlpJob(random, Instant.now(), 60_000);
        v.canaryIssued(new Canary(canary2.getJobId(), canary2.getModelId(), v.rerun(canary2).outputs(), DevModels.MLP_TOLERANCE));
        JobVerification wrong = v.verify(resultOf(run(dishonestRun, canary2)), false).verification();
        assertThat(wrong.getVerdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(wrong.getCanary()).isTrue();

        InferenceJob canary3 = mlpJob(random, Instant.now(), 60_000);
        v.canaryIssued(new Canary(canary3.getJobId(), canary3.getModelId(), v.rerun(canary3).outputs(), DevModels.MLP_TOLERANCE));
        JobOutcome shirked = JobOutcome.refused(canary3.getJobId(), canary3.getModelId(), JobStatus.DEADLINE_EXCEEDED, "busy", 0,
                "CPUExecutionProvider", System.currentTimeMillis());
        JobVerification s = v.verify(resultOf(shirked), false).verification();
        assertThat(s.getVerdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(s.getMaxAbsDiff()).isInfinite();
        assertThat(s.getCanary()).isTrue();
    }
}
