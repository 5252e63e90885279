package io.proofmesh.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used by this JVM (ingest and the load generator) and by the dev stack's child
 * processes (the Kafka broker, the registry, anvil), so a run can say where the two cores went.
 * Children are read from /proc (Linux); elsewhere only this JVM is reported.
 */
public final class ProcessCpu {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ProcessCpu() {
    }

    /** CPU nanoseconds so far by process role: "this JVM", "kafka", "registry", "anvil", "other". */
    public static Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("this JVM", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime());
        ProcessHandle.current().descendants().forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            String role = cmd.contains("KafkaBrokerMain") || cmd.contains("kafka.Kafka") ? "kafka"
                    : cmd.contains("registry") || cmd.contains("apicurio") ? "registry"
                    : cmd.contains("anvil") ? "anvil" : "other";
            m.merge(role, childCpuNanos(p.pid()), Long::sum);
        });
        return m;
    }

    /** after − before, per role. */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }

    private static long childCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
