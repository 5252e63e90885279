package io.proofmesh.ingest.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Collections;

/** Valid protocol-v1 bodies for tests, and a checked way to break them. */
final class Bodies {

    static final String NETWORK = "proofmesh-devnet";
    static final long CHAIN_ID = 31337;
    static final String NODE = "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf";
    static final long SENT_AT = 1767225598766L;

    static final String HEARTBEAT = "{\"kind\":\"heartbeat\",\"uptimeSeconds\":86400,\"cpuLoadPpm\":250000,"
            + "\"gpuLoadPpm\":730000,\"activeJobs\":2,\"agentVersion\":\"proofmesh-agent/0.1.0\"}";
    static final String CAPACITY = "{\"kind\":\"capacity\",\"capacity\":{\"gpuModel\":\"NVIDIA L4\",\"gpuCount\":1,"
            + "\"gpuMemoryMb\":23034,\"cpuCores\":8,\"memoryMb\":32768,\"maxConcurrentJobs\":4},\"availableSlots\":2}";
    /** FLOAT32 [1,2] = 1.0f, 2.0f little-endian. */
    static final String JOB_RESULT = "{\"kind\":\"jobResult\",\"jobId\":\"job-000042\",\"modelId\":\"mnist-8\","
            + "\"status\":\"OK\",\"outputs\":[{\"name\":\"scores\",\"dtype\":\"FLOAT32\",\"shape\":[1,2],"
            + "\"data\":\"AACAPwAAAEA=\"}],\"outputsTruncated\":false,\"outputDigest\":"
            + "\"0x00000000000000000000000000000000000000000000000000000000000000ab\",\"queueMs\":12,\"computeMs\":85,"
            + "\"executionProvider\":\"CPUExecutionProvider\",\"completedAt\":1767225598700}";

    private Bodies() {
    }

    static String head(long seq, long sentAt) {
        return "{\"v\":1,\"network\":\"" + NETWORK + "\",\"chainId\":" + CHAIN_ID + ",\"nodeId\":\"" + NODE
                + "\",\"seq\":" + seq + ",\"sentAt\":" + sentAt + ",\"events\":[";
    }

    static String body(String... events) {
        return head(1, SENT_AT) + String.join(",", events) + "]}";
    }

    static String heartbeats(int n) {
        return body(Collections.nCopies(n, HEARTBEAT).toArray(String[]::new));
    }

    static String withSentAt(long sentAt, String... events) {
        return head(1, sentAt) + String.join(",", events) + "]}";
    }

    /** {@code s} with the single occurrence of {@code target} replaced; fails if it is not there exactly once. */
    static String replace(String s, String target, String replacement) {
        int at = s.indexOf(target);
        if (at < 0 || s.indexOf(target, at + 1) >= 0) {
            throw new IllegalArgumentException("'" + target + "' must occur exactly once in " + s);
        }
        return s.substring(0, at) + replacement + s.substring(at + target.length());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
