package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proofmesh bench inference} as a user runs it, on a small plan: every phase runs with the
 * real models, every end-to-end job is answered through a real ingest, and each figure is printed.
 * Not a timing test.
 */
@Tag("integration")
class BenchInferenceIT {

    @Test
    void everyPhaseRunsAndReportsItsFigures(@TempDir Path dir) throws Exception {
        try (CliProcess bench = CliProcess.start(dir, "bench", "inference", "--data-dir", dir.resolve("bench-data").toString(),
                "--cnn-jobs", "30", "--mlp-jobs", "640", "--batch", "32", "--e2e-jobs", "30", "--rate", "20")) {
            int exit = bench.waitFor(Duration.ofMinutes(5));
            String out = bench.output();
            assertThat(exit).as("bench exit code; output:\n%s", out).isZero();
            assertThat(out).contains("bare session.run", "sidecar path per job", "one run per job", "batches of 32", "bench OK");
            Matcher overhead = Pattern.compile("overhead\\s+p50\\s+([+-][0-9.]+) %").matcher(out);
            assertThat(overhead.find()).as(out).isTrue();
            Matcher speed = Pattern.compile("speed-up\\s+([0-9.]+)x").matcher(out);
            assertThat(speed.find()).as(out).isTrue();
            assertThat(Double.parseDouble(speed.group(1))).isPositive();
            Matcher e2e = Pattern.compile("(\\d+) of (\\d+) jobs answered OK at 20 jobs/s; submitted → result in jobs.results: "
                    + "p50 ([0-9.]+) ms, p99 ([0-9.]+) ms").matcher(out);
            assertThat(e2e.find()).as(out).isTrue();
            assertThat(e2e.group(1)).isEqualTo(e2e.group(2)).isEqualTo("30");
            assertThat(Double.parseDouble(e2e.group(3))).isPositive().isLessThanOrEqualTo(Double.parseDouble(e2e.group(4)));
            assertThat(out).containsPattern("job CreateTime → result LogAppendTime \\(broker clocks\\): p50 [0-9.]+ ms, p99 [0-9.]+ ms over 30 jobs");
        }
    }
}
