package io.proofmesh.ingest.protocol;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.telemetry.CapacityReport;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A verified request to its Avro records, one per event, in request order. Every record
 * carries the whole signed body in its Provenance: events of one request share one signature,
 * and a third party can only re-verify it against the exact bytes.
 */
public final class EventMapper {

    private final String ingestId;

    /** @param ingestId identifier of this ingest instance, recorded in each Provenance */
    public EventMapper(String ingestId) {
        this.ingestId = Objects.requireNonNull(ingestId, "ingestId");
    }

    public List<MappedEvent> map(VerifiedRequest verified) {
        TelemetryRequest request = verified.request();
        List<MappedEvent> out = new ArrayList<>(request.events().size());
        for (int i = 0; i < request.events().size(); i++) {
            out.add(map(verified, i, request.events().get(i)));
        }
        return out;
    }

    private MappedEvent map(VerifiedRequest verified, int index, TelemetryEvent event) {
        TelemetryRequest r = verified.request();
        Instant sentAt = Instant.ofEpochMilli(r.sentAtMillis());
        Provenance provenance = provenance(verified);
        if (event instanceof TelemetryEvent.Heartbeat h) {
            Heartbeat value = Heartbeat.newBuilder().setNodeId(r.nodeId()).setSeq(r.seq()).setEventIndex(index)
                    .setSentAt(sentAt).setUptimeSeconds(h.uptimeSeconds()).setCpuLoadPpm(h.cpuLoadPpm())
                    .setGpuLoadPpm(h.gpuLoadPpm()).setActiveJobs(h.activeJobs()).setAgentVersion(h.agentVersion())
                    .setProvenance(provenance).build();
            return new MappedEvent(index, TopicCatalog.HEARTBEATS.name(), r.nodeId(), value);
        }
        if (event instanceof TelemetryEvent.Capacity c) {
            TelemetryEvent.ReportedCapacity rc = c.capacity();
            Capacity capacity = Capacity.newBuilder().setGpuModel(rc.gpuModel()).setGpuCount(rc.gpuCount())
                    .setGpuMemoryMb(rc.gpuMemoryMb()).setCpuCores(rc.cpuCores()).setMemoryMb(rc.memoryMb())
                    .setMaxConcurrentJobs(rc.maxConcurrentJobs()).build();
            CapacityReport value = CapacityReport.newBuilder().setNodeId(r.nodeId()).setSeq(r.seq())
                    .setEventIndex(index).setSentAt(sentAt).setCapacity(capacity)
                    .setAvailableSlots(c.availableSlots()).setProvenance(provenance).build();
            return new MappedEvent(index, TopicCatalog.CAPACITY.name(), r.nodeId(), value);
        }
        TelemetryEvent.JobResult j = (TelemetryEvent.JobResult) event;
        List<Tensor> outputs = new ArrayList<>(j.outputs().size());
        for (TelemetryEvent.OutputTensor t : j.outputs()) {
            outputs.add(Tensor.newBuilder().setName(t.name()).setDtype(t.dtype()).setShape(new ArrayList<>(t.shape()))
                    .setData(ByteBuffer.wrap(t.data())).build());
        }
        JobResult value = JobResult.newBuilder().setJobId(j.jobId()).setNodeId(r.nodeId()).setModelId(j.modelId())
                .setSeq(r.seq()).setEventIndex(index).setSentAt(sentAt).setStatus(j.status())
                .setStatusMessage(j.statusMessage()).setOutputs(outputs).setOutputsTruncated(j.outputsTruncated())
                .setOutputDigest(new Bytes32(j.outputDigest())).setQueueMs(j.queueMs()).setComputeMs(j.computeMs())
                .setExecutionProvider(j.executionProvider()).setCompletedAt(Instant.ofEpochMilli(j.completedAtMillis()))
                .setProvenance(provenance).build();
        return new MappedEvent(index, TopicCatalog.JOB_RESULTS.name(), r.nodeId(), value);
    }

    /**
     * A Provenance per record (Avro records and ByteBuffer positions are mutable). The body bytes
     * themselves are shared, not copied per event: up to 100 copies of 64 KiB per request would
     * be pure garbage, and nothing downstream writes into a signed body.
     */
    private Provenance provenance(VerifiedRequest verified) {
        return Provenance.newBuilder()
                .setSigner(verified.signer())
                .setSignature(ByteBuffer.wrap(verified.signature()))
                .setSignedBody(ByteBuffer.wrap(verified.bodyUnsafe()))
                .setBodyDigest(new Bytes32(verified.bodyDigest()))
                .setReceivedAt(verified.receivedAt())
                .setIngestId(ingestId)
                .build();
    }
}
