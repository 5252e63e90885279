package io.proofmesh.ingest.protocol;

import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.common.TensorType;
import java.util.List;

/** One event of a telemetry request; {@link #kind()} is its {@code "kind"} on the wire. */
public sealed interface TelemetryEvent {

    String kind();

    /** {@code "kind":"heartbeat"} — liveness and load. */
    record Heartbeat(long uptimeSeconds, int cpuLoadPpm, int gpuLoadPpm, int activeJobs, String agentVersion)
            implements TelemetryEvent {

        public static final String KIND = "heartbeat";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** {@code "kind":"capacity"} — what the node has and how much of it is free. */
    record Capacity(ReportedCapacity capacity, int availableSlots) implements TelemetryEvent {

        public static final String KIND = "capacity";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** {@code "kind":"jobResult"} — the outcome of one inference job. */
    record JobResult(String jobId, String modelId, JobStatus status, String statusMessage, List<OutputTensor> outputs,
            boolean outputsTruncated, byte[] outputDigest, long queueMs, long computeMs, String executionProvider,
            long completedAtMillis) implements TelemetryEvent {

        public static final String KIND = "jobResult";

        public JobResult {
            outputs = List.copyOf(outputs);
            outputDigest = outputDigest.clone();
        }

        @Override
        public byte[] outputDigest() {
            return outputDigest.clone();
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** The {@code capacity} object of a capacity event. */
    record ReportedCapacity(String gpuModel, int gpuCount, long gpuMemoryMb, int cpuCores, long memoryMb,
            int maxConcurrentJobs) {
    }

    /** One output tensor of a job result; {@code data} is the base64-decoded element bytes. */
    record OutputTensor(String name, TensorType dtype, List<Long> shape, byte[] data) {

        public OutputTensor {
            shape = List.copyOf(shape);
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }
}
