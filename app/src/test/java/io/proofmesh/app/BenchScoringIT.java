package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proofmesh bench scoring} as a user runs it, on a small load: every phase prints its
 * figures, every pre-loaded record is committed by the processor, the sampled nodes counted
 * exactly what they were sent, every latency sample became queryable, and the summary table has
 * the three positive rates. Not a timing test.
 */
@Tag("integration")
class BenchScoringIT {

    private static final String RATE = "[\\d,]*[1-9][\\d,]*"; // a positive integer with thousands separators

    @Test
    void benchScoringPrintsEveryFigureAndProcessesEveryPreloadedRecord(@TempDir Path dir) throws Exception {
        try (CliProcess bench = CliProcess.start(dir, "bench", "scoring", "--data-dir", dir.resolve("bench-data").toString(),
                "--records", "20000", "--nodes", "200", "--rate", "200", "--latency-seconds", "3", "--sample-every", "20")) {
            int exit = bench.waitFor(Duration.ofMinutes(6));
            String out = bench.output();
            assertThat(exit).as("bench exit code; output:\n%s", out).isZero();
            List<String> lines = bench.lines();

            assertThat(out).contains("pre-loaded 20,000 / 20,000 heartbeats");
            assertThat(out).containsPattern("20,000 heartbeats written in [\\d.]+ s \\(" + RATE + " records/s\\), value \\d+ B on"
                    + " average; telemetry.heartbeats now holds 20,000 records on 12 of 12 partitions");
            assertThat(out).doesNotContain("were there before");
            assertThat(lines).anyMatch(l -> l.matches("\\s+start-up to RUNNING\\s+[\\d.]+ s .*"));
            assertThat(lines).anyMatch(l -> l.matches("\\s+scoring\\s+" + RATE
                    + " records/s \\(20,000 records committed on every partition [\\d.]+ s after RUNNING; CPU s this JVM [\\d.]+.*"));
            assertThat(out).contains("check: heartbeatsCounted of 20 fleet nodes (GET /v1/nodes/{id}) equals the heartbeats sent"
                    + " to them: 20/20");

            // 200/s × 3 s, one in 20 a sample: 30 samples, each seen queryable
            assertThat(out).containsPattern("sent 600 heartbeats at \\d+/s; 30 samples queryable, 0 not within 30 s");
            Matcher latency = Pattern.compile("latency p50 / p99 / max ([\\d.]+) / ([\\d.]+) / ([\\d.]+) ms").matcher(out);
            assertThat(latency.find()).as("latency line").isTrue();
            double p50 = Double.parseDouble(latency.group(1));
            double p99 = Double.parseDouble(latency.group(2));
            assertThat(p50).isPositive().isLessThanOrEqualTo(p99);

            assertThat(lines).anyMatch(l -> l.matches("\\s+plain EOS copy\\s+" + RATE
                    + " records/s \\(20,000 records, [\\d,]+ transactions, [\\d.]+ s; CPU s .*\\)"));
            assertThat(lines).anyMatch(l -> l.matches("\\s+ConsumerPerformance\\s+" + RATE
                    + " records/s \\(fetch.nMsg.sec, 20,000 records in [\\d.]+ s; [\\d,]+ with its group join\\)"));

            assertThat(lines).anyMatch(l -> l.matches("\\| scoring topology \\(StreamsService, exactly_once_v2\\) \\| 20000 \\| "
                    + RATE + " \\| [\\d.]+ / [\\d.]+ \\| .*"));
            assertThat(lines).anyMatch(l -> l.matches("\\| plain EOS consume→produce \\(ceiling\\) \\| 20000 \\| " + RATE + " \\| .*"));
            assertThat(lines).anyMatch(l -> l.matches("\\| ConsumerPerformance \\(kafka-tools\\) \\| 20000 \\| " + RATE + " \\| .*"));
            Matcher ratio = Pattern.compile("ratio scoring ÷ plain EOS\\s+(\\d+\\.\\d{3}) \\(issue target ≥ 0.5: (met|NOT met)\\)")
                    .matcher(out);
            assertThat(ratio.find()).as("ratio line").isTrue();
            assertThat(Double.parseDouble(ratio.group(1))).isPositive();
            assertThat(out).containsPattern("scoring rate vs 100,000/s\\s+[\\d.]+× of the issue's target");
            assertThat(out).contains("pre-loaded records processed   20,000 of 20,000");
            assertThat(out).contains("bench OK: every phase ran and every heartbeat checked was counted");
        }
    }

    @Test
    void helpExplainsTheOptions() {
        CliOutput help = CliOutput.run("bench", "scoring", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--records").contains("--nodes").contains("--rate").contains("--latency-seconds")
                .contains("--sample-every").contains("exactly_once_v2").contains("ConsumerPerformance")
                .contains("proofmesh bench scoring");
    }
}
