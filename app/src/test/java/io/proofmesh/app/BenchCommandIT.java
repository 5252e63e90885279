package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proofmesh bench ingest} as a user runs it, with a tiny load: it prints every figure of
 * each run and the summary table, accepts every request, and exits 0. Not a timing test: only
 * that the figures are there and consistent with the requests sent.
 */
@Tag("integration")
class BenchCommandIT {

    @Test
    void benchIngestPrintsTheFiguresOfEachRunAndExitsZero(@TempDir Path dir) throws Exception {
        try (CliProcess bench = CliProcess.start(dir, "bench", "ingest", "--data-dir", dir.resolve("bench-data").toString(),
                "--events-per-request", "1,3", "--requests", "60", "--warmup", "20", "--nodes", "8", "--concurrency", "4")) {
            int exit = bench.waitFor(Duration.ofMinutes(4));
            String out = bench.output();
            assertThat(exit).as("bench exit code; output:\n%s", out).isZero();
            assertThat(out).contains("signature recovery: native libsecp256k1 (JNI); receipt signing: native libsecp256k1 (JNI)");
            assertThat(out).contains("8 nodes registered and visible to ingest");
            assertThat(out).contains("run 1/2: 1 event per request — 60 requests (+20 warm-up) over 4 connections from 8 nodes");
            assertThat(out).contains("run 2/2: 3 events per request — 60 requests (+20 warm-up)");
            List<String> lines = bench.lines();
            assertThat(lines.stream().filter(l -> l.matches("\\s+answers\\s+60 × 202 \\(no refusals\\)"))).hasSize(2);
            assertThat(lines.stream().filter(l -> l.matches("\\s+accepted events/s\\s+[\\d,]+"))).hasSize(2);
            assertThat(lines.stream().filter(l -> l.matches("\\s+signatures verified/s\\s+[\\d,]+ \\(one per accepted request\\)")))
                    .hasSize(2);
            assertThat(lines.stream().filter(l -> l.matches("\\s+latency p50 / p99 / max\\s+[\\d.]+ / [\\d.]+ / [\\d.]+ ms")))
                    .hasSize(2);
            // ingest wrote exactly one record per accepted event, and the raw producer replayed that many
            assertThat(out).contains("records written         60 to telemetry.heartbeats")
                    .contains("records written         180 to telemetry.heartbeats");
            assertThat(lines.stream().filter(l -> l.matches("\\s+Kafka raw producer\\s+[\\d,]+ records/s \\(1000 of the same records.*")))
                    .hasSize(2);
            assertThat(lines.stream().filter(l -> l.matches("\\s+ratio ingest ÷ raw\\s+\\d+\\.\\d{3}"))).hasSize(2);
            // Kafka's own ProducerPerformance ran in its own JVM with records of the size ingest wrote
            assertThat(lines.stream().filter(l -> l.matches(
                    "\\s+ProducerPerformance\\s+[\\d,]+ records/s \\(kafka-tools, \\d+ records of \\d+ B after \\d+ warm-up, same settings and broker\\)")))
                    .hasSize(2);
            assertThat(lines.stream().filter(l -> l.matches("\\s+ratio ingest ÷ ProducerPerformance \\d+\\.\\d{3}"))).hasSize(2);
            assertThat(lines.stream().filter(l -> l.matches("\\| [13] \\| 60 \\| [\\d,]+ \\| [\\d,]+ \\| .* \\| \\d+\\.\\d{3} \\|")))
                    .hasSize(2);
            assertThat(out).contains("bench OK: every request was accepted with its signature verified.");
        }
    }

    @Test
    void helpExplainsTheOptions() throws Exception {
        CliOutput help = CliOutput.run("bench", "ingest", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--events-per-request").contains("--requests").contains("--warmup")
                .contains("--nodes").contains("--concurrency").contains("raw producer");
    }
}
