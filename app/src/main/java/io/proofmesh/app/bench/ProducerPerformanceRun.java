package io.proofmesh.app.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Kafka's own {@code ProducerPerformance} (kafka-tools), run as its own JVM against the same
 * broker with ingest's producer settings and records of the size ingest wrote: the raw ceiling
 * the issue names, measured by a tool this project did not write. Its payloads are random
 * letters rather than ingest's records, so it is reported beside the replay of the very
 * records ingest wrote ({@link RawProducerRun}), not instead of it.
 */
public final class ProducerPerformanceRun {

    /**
     * Its summary lines: "N records sent, X records/sec (Y MB/sec), …" for the whole run, then
     * "N steady state records sent, …" for the records after {@code --warmup-records}.
     */
    private static final Pattern SUMMARY =
            Pattern.compile("(\\d+)( steady state)? records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

    /** The steady-state figures: the records after the warm-up ones, and their rate. */
    public record Result(long records, double recordsPerSecond, double megabytesPerSecond, String summary) {
    }

    /** A fifth of the records warm the producer and the broker up (connections, metadata, JIT) and are not counted. */
    static long warmupRecords(long records) {
        return records / 5;
    }

    private ProducerPerformanceRun() {
    }

    public static Result run(String bootstrapServers, String topic, long records, int recordSizeBytes, Map<String, Object> producerConfig)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-cp", classpath(),
                ProducerPerformance.class.getName(), "--topic", topic, "--num-records", Long.toString(records),
                "--record-size", Integer.toString(Math.max(1, recordSizeBytes)), "--throughput", "-1",
                "--warmup-records", Long.toString(warmupRecords(records)), "--producer-props"));
        cmd.add("bootstrap.servers=" + bootstrapServers);
        for (String key : List.of("acks", "enable.idempotence", "linger.ms", "batch.size", "compression.type")) {
            Object v = producerConfig.get(key);
            if (v != null) {
                cmd.add(key + "=" + v);
            }
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("ProducerPerformance failed (exit " + (p.isAlive() ? "timeout" : p.exitValue())
                    + "):\n" + output);
        }
        Matcher m = SUMMARY.matcher(output);
        Result steady = null;
        while (m.find()) {
            if (m.group(2) != null) {
                int eol = output.indexOf('\n', m.start());
                String line = output.substring(m.start(), eol < 0 ? output.length() : eol).trim();
                steady = new Result(Long.parseLong(m.group(1)), Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), line);
            }
        }
        if (steady == null || steady.records() != records - warmupRecords(records)) {
            throw new IllegalStateException("no steady-state summary line from ProducerPerformance:\n" + output);
        }
        return steady;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The class path this JVM runs with; under {@code java -jar} that is only the jar, whose
     * manifest names {@code lib/} — so the directory holding kafka-tools is added whole.
     */
    static String classpath() {
        String own = System.getProperty("java.class.path");
        try {
            Path tools = Path.of(ProducerPerformance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return tools.getParent().resolve("*") + File.pathSeparator + own;
        } catch (Exception e) {
            return own;
        }
    }
}
