package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code bench inference} on a small plan: every phase runs with the real models and reports its figures. */
@Tag("integration")
class BenchInferenceIT {

    @Test
    void everyPhaseRunsAndReportsItsFigures() {
        CliOutput r = CliOutput.run("bench", "inference", "--cnn-jobs", "30", "--mlp-jobs", "640", "--batch", "32",
                "--e2e-jobs", "30", "--rate", "20");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        String out = r.out();
        assertThat(out).contains("bare session.run", "sidecar path per job", "overhead", "one run per job", "batches of 32",
                "speed-up", "bench OK");
        Matcher e2e = Pattern.compile("(\\d+) of (\\d+) jobs answered OK at 20 jobs/s; submitted → result in jobs.results: "
                + "p50 ([0-9.]+) ms").matcher(out);
        assertThat(e2e.find()).as(out).isTrue();
        assertThat(e2e.group(1)).isEqualTo(e2e.group(2)).isEqualTo("30");
        assertThat(Double.parseDouble(e2e.group(3))).isPositive();
        Matcher speed = Pattern.compile("speed-up\\s+([0-9.]+)x").matcher(out);
        assertThat(speed.find()).isTrue();
        assertThat(Double.parseDouble(speed.group(1))).isPositive();
    }
}
