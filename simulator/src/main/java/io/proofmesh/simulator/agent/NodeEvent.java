package io.proofmesh.simulator.agent;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/** One event of a telemetry body (PROTOCOL.md §3.3), as a node agent builds it. */
public sealed interface NodeEvent permits NodeEvent.Heartbeat, NodeEvent.Capacity, NodeEvent.JobResult {

    /** Writes this event as one JSON object, fields in PROTOCOL.md's table order. */
    void write(JsonGenerator g) throws IOException;

    record Heartbeat(long uptimeSeconds, int cpuLoadPpm, int gpuLoadPpm, int activeJobs, String agentVersion)
            implements NodeEvent {
        @Override
        public void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("kind", "heartbeat");
            g.writeNumberField("uptimeSeconds", uptimeSeconds);
            g.writeNumberField("cpuLoadPpm", cpuLoadPpm);
            g.writeNumberField("gpuLoadPpm", gpuLoadPpm);
            g.writeNumberField("activeJobs", activeJobs);
            g.writeStringField("agentVersion", agentVersion);
            g.writeEndObject();
        }
    }

    record Capacity(String gpuModel, int gpuCount, long gpuMemoryMb, int cpuCores, long memoryMb, int maxConcurrentJobs,
                    int availableSlots) implements NodeEvent {
        @Override
        public void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("kind", "capacity");
            g.writeObjectFieldStart("capacity");
            g.writeStringField("gpuModel", gpuModel);
            g.writeNumberField("gpuCount", gpuCount);
            g.writeNumberField("gpuMemoryMb", gpuMemoryMb);
            g.writeNumberField("cpuCores", cpuCores);
            g.writeNumberField("memoryMb", memoryMb);
            g.writeNumberField("maxConcurrentJobs", maxConcurrentJobs);
            g.writeEndObject();
            g.writeNumberField("availableSlots", availableSlots);
            g.writeEndObject();
        }
    }

    /** An output tensor: little-endian, row-major raw bytes (PROTOCOL.md §3.3). */
    record Tensor(String name, String dtype, long[] shape, byte[] data) {
    }

    record JobResult(String jobId, String modelId, String status, String statusMessage, List<Tensor> outputs,
                     boolean outputsTruncated, String outputDigest, long queueMs, long computeMs,
                     String executionProvider, long completedAt) implements NodeEvent {
        @Override
        public void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("kind", "jobResult");
            g.writeStringField("jobId", jobId);
            g.writeStringField("modelId", modelId);
            g.writeStringField("status", status);
            if (statusMessage != null) {
                g.writeStringField("statusMessage", statusMessage);
            }
            g.writeArrayFieldStart("outputs");
            for (Tensor t : outputs) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                g.writeStringField("dtype", t.dtype());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeStringField("data", Base64.getEncoder().encodeToString(t.data()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeBooleanField("outputsTruncated", outputsTruncated);
            g.writeStringField("outputDigest", outputDigest);
            g.writeNumberField("queueMs", queueMs);
            g.writeNumberField("computeMs", computeMs);
            g.writeStringField("executionProvider", executionProvider);
            g.writeNumberField("completedAt", completedAt);
            g.writeEndObject();
        }
    }
}
