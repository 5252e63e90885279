package io.proofmesh.inference.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.Verdict;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultJudgeTest {

    static Tensor floats(String name, int n, float value) {
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(value);
        }
        return Tensor.newBuilder().setName(name).setDtype(TensorType.FLOAT32).setShape(List.of((long) n))
                .setData(ByteBuffer.wrap(b.array())).build();
    }

    static JobResult result(JobStatus status, List<Tensor> outputs, boolean truncated) {
        Provenance p = Provenance.newBuilder().setSigner("0xaa").setSignature(ByteBuffer.wrap(new byte[65]))
                .setSignedBody(ByteBuffer.wrap(new byte[0])).setBodyDigest(new Bytes32(new byte[32]))
                .setReceivedAt(Instant.EPOCH).setIngestId("i").build();
        return JobResult.newBuilder().setJobId("job-1").setNodeId("0xaa").setModelId("m").setSeq(1).setEventIndex(0)
                .setSentAt(Instant.EPOCH).setStatus(status).setStatusMessage(null).setOutputs(outputs)
                .setOutputsTruncated(truncated).setOutputDigest(new Bytes32(new byte[32])).setQueueMs(0).setComputeMs(0)
                .setExecutionProvider("CPUExecutionProvider").setCompletedAt(Instant.EPOCH).setProvenance(p).build();
    }

    @Test
    void withinToleranceInclusiveIsAMatch() {
        List<Tensor> ref = List.of(floats("y", 4, 0.5f));
        assertThat(ResultJudge.judge(result(JobStatus.OK, List.of(floats("y", 4, 0.5f)), false), ref, 1e-5).verdict())
                .isEqualTo(Verdict.MATCH);
        ResultJudge.Judgement off = ResultJudge.judge(result(JobStatus.OK, List.of(floats("y", 4, 0.75f)), false), ref, 0.1);
        assertThat(off.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(off.maxAbsDiff()).isEqualTo(0.25);
        assertThat(ResultJudge.judge(result(JobStatus.OK, List.of(floats("y", 4, 0.75f)), false), ref, 0.25).verdict())
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void aStructuralDifferenceOrARefusalIsAMismatchAtInfinity() {
        List<Tensor> ref = List.of(floats("y", 4, 0.5f));
        ResultJudge.Judgement shape = ResultJudge.judge(result(JobStatus.OK, List.of(floats("y", 3, 0.5f)), false), ref, 1);
        assertThat(shape.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(shape.maxAbsDiff()).isInfinite();
        assertThat(ResultJudge.judge(result(JobStatus.FAILED, List.of(), false), ref, 1).maxAbsDiff()).isInfinite();
    }

    @Test
    void aTruncatedResultIsJudgedOnTheOutputsTheSizeBoundKeeps() {
        // 100 000 floats = 400 000 bytes fit; a second output of the same size does not
        Tensor a = floats("a", 100_000, 1f);
        Tensor b = floats("b", 100_000, 2f);
        List<Tensor> ref = List.of(a, b);
        assertThat(ResultJudge.sizeBoundPrefix(ref)).containsExactly(a);
        assertThat(ResultJudge.judge(result(JobStatus.OK, List.of(a), true), ref, 1e-5).verdict()).isEqualTo(Verdict.MATCH);
        assertThat(ResultJudge.judge(result(JobStatus.OK, List.of(floats("a", 100_000, 1.5f)), true), ref, 1e-5).verdict())
                .isEqualTo(Verdict.MISMATCH);
        // dropping more than the bound forces is not a way around the check
        assertThat(ResultJudge.judge(result(JobStatus.OK, List.of(), true), ref, 1e-5).verdict()).isEqualTo(Verdict.MISMATCH);
        // claiming truncation when everything fits neither
        List<Tensor> small = List.of(floats("a", 4, 1f));
        assertThat(ResultJudge.judge(result(JobStatus.OK, List.of(), true), small, 1e-5).verdict()).isEqualTo(Verdict.MISMATCH);
    }
}
