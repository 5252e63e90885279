package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.devstack.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proofmesh demo} as a user runs it: round-trips records, runs a fleet against ingest, exits 0, leaves nothing behind. */
@Tag("integration")
class DemoCommandIT {

    @Test
    void demoPrintsTheRoundTrippedRecordsExitsZeroAndLeavesNoProcessOrPortBehind(@TempDir Path dir) throws Exception {
        int kafka = Ports.freePort();
        int controller = Ports.freePort();
        int registry = Ports.freePort();
        int anvil = Ports.freePort();
        Path data = dir.resolve("demo-data");
        try (CliProcess demo = CliProcess.start(dir, "demo", "--data-dir", data.toString(),
                "--kafka-port", Integer.toString(kafka), "--controller-port", Integer.toString(controller),
                "--registry-port", Integer.toString(registry), "--anvil-port", Integer.toString(anvil),
                "--nodes", "4", "--heartbeats", "2")) {
            int exit = demo.waitFor(Duration.ofMinutes(3));
            String out = demo.output();
            assertThat(exit).as("demo exit code; output:\n%s", out).isZero();
            assertThat(out).contains("demo OK: 8/8 heartbeats round-tripped intact with valid signatures.");
            assertThat(demo.lines().stream().filter(l -> l.matches("\\s+0x[0-9a-f]{40}\\s+\\d+ .* valid"))).hasSize(8);
            assertThat(out).contains("wire format of the first record: 00 |");
            assertThat(out).contains("localhost:" + kafka);
            // The fleet step: every profile ran against a real ingest; the hostile ones were refused with their codes.
            assertThat(out).contains("PROFILE", "honest", "forger", "replayer", "skewed", "SIGNER_MISMATCH", "CLOCK_SKEW");
            assertThat(out).containsPattern("forged/tampered accepted: 0 of [1-9]\\d* sent");
            assertThat(out).containsPattern("replays accepted: 0 of [1-9]\\d* sent");
            assertThat(out).contains("simulation OK: nothing forged, tampered or replayed was accepted; every receipt verified.");

            for (int port : List.of(kafka, controller, registry, anvil)) {
                assertThat(Ports.isListening(port)).as("port %d after the demo", port).isFalse();
            }
            // No process started for this demo may outlive it: each one names the data dir in its command line.
            List<String> survivors = ProcessHandle.allProcesses()
                    .filter(ProcessHandle::isAlive)
                    .map(h -> h.info().commandLine().orElse(""))
                    .filter(cmd -> cmd.contains(data.toString()))
                    .toList();
            assertThat(survivors).isEmpty();
        }
    }
}
