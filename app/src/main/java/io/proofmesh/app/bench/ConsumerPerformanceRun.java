package io.proofmesh.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.tools.ConsumerPerformance;

/**
 * Kafka's own {@code ConsumerPerformance} (kafka-tools), in its own JVM, reading {@code records}
 * records of a topic from the beginning with a fresh group: the bare consumer for reference.
 * It prints a header and one line of figures; {@code fetch.nMsg.sec} excludes its group join
 * (rebalance.time.ms), as the scoring figure excludes the processor's start-up.
 */
public final class ConsumerPerformanceRun {

    public record Result(long records, double recordsPerSecond, double recordsPerSecondWithJoin, long fetchMillis,
                         String line) {
    }

    private ConsumerPerformanceRun() {
    }

    public static Result run(String bootstrapServers, String topic, long records, String group)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(ProducerPerformanceRun.javaBinary(), "-Xmx512m", "-cp", ProducerPerformanceRun.classpath(),
                ConsumerPerformance.class.getName(), "--bootstrap-server", bootstrapServers, "--topic", topic,
                "--num-records", Long.toString(records), "--group", group, "--timeout", "60000");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("ConsumerPerformance failed (exit " + (p.isAlive() ? "timeout" : p.exitValue())
                    + "):\n" + output);
        }
        return parse(output);
    }

    /** Finds the header line (start.time, …) and reads the figures of the line after it by column name. */
    static Result parse(String output) {
        String[] lines = output.split("\\R");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].trim().startsWith("start.time")) {
                List<String> header = Arrays.stream(lines[i].split(",")).map(String::trim).toList();
                String[] values = lines[i + 1].split(",");
                if (values.length != header.size()) {
                    break;
                }
                long n = Long.parseLong(values[header.indexOf("data.consumed.in.nMsg")].trim());
                double fetchRate = Double.parseDouble(values[header.indexOf("fetch.nMsg.sec")].trim());
                double rate = Double.parseDouble(values[header.indexOf("nMsg.sec")].trim());
                long fetchMs = Long.parseLong(values[header.indexOf("fetch.time.ms")].trim());
                return new Result(n, fetchRate, rate, fetchMs, lines[i + 1].trim());
            }
        }
        throw new IllegalStateException("no figures from ConsumerPerformance:\n" + output);
    }
}
