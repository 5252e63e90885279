package io.proofmesh.streams.topology;

import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.telemetry.CapacityReport;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * Input records as ingest, the prober and the verifier write them, reduced to what scoring reads
 * (signatures are ingest's business and are not re-checked by the processor).
 */
public final class ScoringInputs {

    private ScoringInputs() {}

    public static NodeRegistration registration(String nodeId, NodeStatus status) {
        return NodeRegistration.newBuilder()
                .setNodeId(nodeId)
                .setSigningAddress(nodeId)
                .setPayoutAddress("0x00000000000000000000000000000000000000aa")
                .setOperatorAddress("0x00000000000000000000000000000000000000bb")
                .setRegion("eu")
                .setProbeEndpoint("http://127.0.0.1:1/probe")
                .setDeclaredCapacity(capacity(1))
                .setStatus(status)
                .setStatusReason(null)
                .setRegisteredAt(Instant.EPOCH)
                .setUpdatedAt(Instant.EPOCH)
                .setKeyRotation(null)
                .build();
    }

    public static Capacity capacity(int gpus) {
        return Capacity.newBuilder().setGpuModel("L4").setGpuCount(gpus).setGpuMemoryMb(24_000L * gpus)
                .setCpuCores(16).setMemoryMb(64_000).setMaxConcurrentJobs(4 * gpus).build();
    }

    public static Heartbeat heartbeat(String nodeId, long seq, int eventIndex, long sentAt) {
        return Heartbeat.newBuilder()
                .setNodeId(nodeId).setSeq(seq).setEventIndex(eventIndex).setSentAt(Instant.ofEpochMilli(sentAt))
                .setUptimeSeconds(100).setCpuLoadPpm(10).setGpuLoadPpm(10).setActiveJobs(0).setAgentVersion("t/1")
                .setProvenance(provenance(nodeId, sentAt))
                .build();
    }

    public static CapacityReport capacityReport(String nodeId, long seq, int eventIndex, long sentAt, int gpus) {
        return CapacityReport.newBuilder()
                .setNodeId(nodeId).setSeq(seq).setEventIndex(eventIndex).setSentAt(Instant.ofEpochMilli(sentAt))
                .setCapacity(capacity(gpus)).setAvailableSlots(1).setProvenance(provenance(nodeId, sentAt))
                .build();
    }

    public static LatencyProbe probe(String nodeId, int nonce, long sentAt, ProbeOutcome outcome, Long rttMicros) {
        return LatencyProbe.newBuilder()
                .setNodeId(nodeId).setProberId("prober-t").setNonce(ByteBuffer.wrap(new byte[] {(byte) (nonce >> 8), (byte) nonce}))
                .setSentAt(Instant.ofEpochMilli(sentAt)).setCompletedAt(Instant.ofEpochMilli(sentAt + 1))
                .setRttMicros(rttMicros).setOutcome(outcome).setNodeSignature(null)
                .setProberAddress("0x00000000000000000000000000000000000000cc").setProberSignature(ByteBuffer.allocate(65))
                .setEpoch(-1)
                .build();
    }

    public static JobResult jobResult(String nodeId, String jobId, long seq, int eventIndex, long sentAt, JobStatus status,
                                      long computeMs) {
        return JobResult.newBuilder()
                .setJobId(jobId).setNodeId(nodeId).setModelId("mlp").setSeq(seq).setEventIndex(eventIndex)
                .setSentAt(Instant.ofEpochMilli(sentAt)).setStatus(status).setStatusMessage(null).setOutputs(List.of())
                .setOutputsTruncated(false).setOutputDigest(new Bytes32(new byte[32])).setQueueMs(1)
                .setComputeMs(computeMs).setExecutionProvider("cpu").setCompletedAt(Instant.ofEpochMilli(sentAt))
                .setProvenance(provenance(nodeId, sentAt))
                .build();
    }

    public static JobVerification verification(String nodeId, String jobId, Verdict verdict, long verifiedAt) {
        return JobVerification.newBuilder()
                .setJobId(jobId).setNodeId(nodeId).setModelId("mlp").setVerdict(verdict).setMaxAbsDiff(0).setTolerance(0.001)
                .setCanary(false).setVerifierId("verifier-t").setVerifiedAt(Instant.ofEpochMilli(verifiedAt))
                .setResultSentAt(Instant.ofEpochMilli(verifiedAt - 1))
                .build();
    }

    public static Tick tick(int partition, long seq) {
        return Tick.newBuilder().setPartition(partition).setEmittedAt(Instant.EPOCH).setEmitterId("test").setSeq(seq).build();
    }

    private static Provenance provenance(String nodeId, long sentAt) {
        return Provenance.newBuilder()
                .setSigner(nodeId).setSignature(ByteBuffer.allocate(65)).setSignedBody(ByteBuffer.allocate(0))
                .setBodyDigest(new Bytes32(new byte[32])).setReceivedAt(Instant.ofEpochMilli(sentAt)).setIngestId("ingest-t")
                .build();
    }
}
