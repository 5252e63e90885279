package io.proofmesh.simulator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryBodyTest {

    /** PROTOCOL.md §2's worked example (vector {@code heartbeat}), byte for byte. */
    @Test
    void encodesTheWorkedExampleExactly() {
        byte[] body = TelemetryBody.encode("proofmesh-devnet", 31337, "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", 0,
                1767225598766L, List.of(new NodeEvent.Heartbeat(86400, 250000, 730000, 2, "proofmesh-agent/0.1.0")));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
                "{\"v\":1,\"network\":\"proofmesh-devnet\",\"chainId\":31337,\"nodeId\":\"0x7e5f4552091a69125d5dfcb7b8c2659029395bdf\","
                        + "\"seq\":0,\"sentAt\":1767225598766,\"events\":[{\"kind\":\"heartbeat\",\"uptimeSeconds\":86400,"
                        + "\"cpuLoadPpm\":250000,\"gpuLoadPpm\":730000,\"activeJobs\":2,\"agentVersion\":\"proofmesh-agent/0.1.0\"}]}");
        assertThat(body).hasSize(285);
    }

    @Test
    void encodesCapacityAndJobResultInTableOrder() {
        byte[] body = TelemetryBody.encode("proofmesh-devnet", 31337, "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", 1, 5,
                List.of(new NodeEvent.Capacity("NVIDIA L4", 1, 23034, 8, 32768, 4, 2),
                        new NodeEvent.JobResult("job-000042", "mnist-8", "OK", null,
                                List.of(new NodeEvent.Tensor("scores", "FLOAT32", new long[] {1, 2},
                                        new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40})),
                                false, "0x" + "0".repeat(62) + "ab", 12, 85, "CPUExecutionProvider", 1767225598700L)));
        assertThat(new String(body, StandardCharsets.UTF_8)).contains(
                "{\"kind\":\"capacity\",\"capacity\":{\"gpuModel\":\"NVIDIA L4\",\"gpuCount\":1,\"gpuMemoryMb\":23034,"
                        + "\"cpuCores\":8,\"memoryMb\":32768,\"maxConcurrentJobs\":4},\"availableSlots\":2}",
                "\"outputs\":[{\"name\":\"scores\",\"dtype\":\"FLOAT32\",\"shape\":[1,2],\"data\":\"AACAPwAAAEA=\"}]");
    }
}
