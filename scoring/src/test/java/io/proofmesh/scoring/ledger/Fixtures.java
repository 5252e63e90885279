package io.proofmesh.scoring.ledger;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.telemetry.CapacityReport;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Input records reduced to what scoring reads. */
final class Fixtures {

    private Fixtures() {}

    static Heartbeat heartbeat(String node, long seq, int index, long sentAt) {
        return Heartbeat.newBuilder().setNodeId(node).setSeq(seq).setEventIndex(index).setSentAt(Instant.ofEpochMilli(sentAt))
                .setUptimeSeconds(1).setCpuLoadPpm(0).setGpuLoadPpm(0).setActiveJobs(0).setAgentVersion("t")
                .setProvenance(provenance(node, sentAt)).build();
    }

    static CapacityReport capacity(String node, long seq, int index, long sentAt, int gpus) {
        return CapacityReport.newBuilder().setNodeId(node).setSeq(seq).setEventIndex(index)
                .setSentAt(Instant.ofEpochMilli(sentAt)).setCapacity(Capacity.newBuilder().setGpuModel("L4").setGpuCount(gpus)
                        .setGpuMemoryMb(24_000L).setCpuCores(8).setMemoryMb(32_000).setMaxConcurrentJobs(2).build())
                .setAvailableSlots(1).setProvenance(provenance(node, sentAt)).build();
    }

    static LatencyProbe probe(String node, int nonce, long sentAt, ProbeOutcome outcome, Long rtt) {
        return LatencyProbe.newBuilder().setNodeId(node).setProberId("p").setNonce(ByteBuffer.wrap(new byte[] {(byte) nonce}))
                .setSentAt(Instant.ofEpochMilli(sentAt)).setCompletedAt(Instant.ofEpochMilli(sentAt + 1)).setRttMicros(rtt)
                .setOutcome(outcome).setNodeSignature(null).setProberAddress("0x00000000000000000000000000000000000000cc")
                .setProberSignature(ByteBuffer.allocate(65)).setEpoch(-1).build();
    }

    static JobResult jobResult(String node, String job, long seq, int index, long sentAt, JobStatus status, long computeMs) {
        return JobResult.newBuilder().setJobId(job).setNodeId(node).setModelId("mlp").setSeq(seq).setEventIndex(index)
                .setSentAt(Instant.ofEpochMilli(sentAt)).setStatus(status).setStatusMessage(null).setOutputs(List.of())
                .setOutputsTruncated(false).setOutputDigest(new Bytes32(new byte[32])).setQueueMs(1).setComputeMs(computeMs)
                .setExecutionProvider("cpu").setCompletedAt(Instant.ofEpochMilli(sentAt)).setProvenance(provenance(node, sentAt))
                .build();
    }

    static JobVerification verification(String node, String job, Verdict verdict, long at) {
        return JobVerification.newBuilder().setJobId(job).setNodeId(node).setModelId("mlp").setVerdict(verdict)
                .setMaxAbsDiff(0).setTolerance(0.001).setCanary(false).setVerifierId("verifier-1")
                .setVerifiedAt(Instant.ofEpochMilli(at)).setResultSentAt(Instant.ofEpochMilli(at - 1)).build();
    }

    private static Provenance provenance(String node, long at) {
        return Provenance.newBuilder().setSigner(node).setSignature(ByteBuffer.allocate(65)).setSignedBody(ByteBuffer.allocate(0))
                .setBodyDigest(new Bytes32(new byte[32])).setReceivedAt(Instant.ofEpochMilli(at)).setIngestId("i").build();
    }
}
