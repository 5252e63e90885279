package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.devstack.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proofmesh demo} as a user runs it: ingest, prober and a fleet of every profile; exits 0, leaves nothing behind. */
@Tag("integration")
class DemoCommandIT {

    @Test
    void demoRunsIngestProberAndAFleetRefusesForgersReverifiesEverythingAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        int kafka = Ports.freePort();
        int controller = Ports.freePort();
        int registry = Ports.freePort();
        int anvil = Ports.freePort();
        Path data = dir.resolve("demo-data");
        try (CliProcess demo = CliProcess.start(dir, "demo", "--data-dir", data.toString(),
                "--kafka-port", Integer.toString(kafka), "--controller-port", Integer.toString(controller),
                "--registry-port", Integer.toString(registry), "--anvil-port", Integer.toString(anvil),
                "--nodes", "18", "--duration", "22")) {
            int exit = demo.waitFor(Duration.ofMinutes(9)); // with step 7 (settle, audit every epoch, claim): 4-5 min on a loaded 2-core machine
            String out = demo.output();
            assertThat(exit).as("demo exit code; output:\n%s", out).isZero();
            assertThat(out).contains("demo OK:");
            assertThat(out).containsPattern("scoring policy: genesis 2026\\.1-demo 0x[0-9a-f]{64} published to config\\.scoring-policy")
                    .contains("governance (dev-only key, anvil account #9): 0xa0ee7a142d267c1f36714e4a8f75612f20a79720");
            assertThat(out).contains("localhost:" + kafka);
            // Every profile ran against a real ingest; the hostile ones were refused with their codes.
            assertThat(out).contains("PROFILE", "honest", "forger", "replayer", "skewed", "SIGNER_MISMATCH", "CLOCK_SKEW");
            assertThat(out).containsPattern("forged/tampered accepted: 0 of [1-9]\\d* sent");
            assertThat(out).containsPattern("replays accepted: 0 of [1-9]\\d* sent");
            // What was accepted is in Kafka and re-verifies from the records alone ...
            java.util.regex.Matcher reverified = java.util.regex.Pattern.compile("signer = signer\\): (\\d+) of (\\d+)").matcher(out);
            assertThat(reverified.find()).as(out).isTrue();
            assertThat(Integer.parseInt(reverified.group(1))).isPositive().isEqualTo(Integer.parseInt(reverified.group(2)));
            assertThat(out).contains("wire format of one record: 00 |");
            // Scores per epoch with their components, after every partition closed the epoch, ordered as they must be.
            assertThat(out).containsPattern("epoch \\d+ \\[.*\\) — the fleet ran through all of it, closed on 12/12 partitions, \\d+ scores");
            assertThat(out).contains("SLOTS", "UPTIME", "P95 ms", "LATENCY", "REPUT", "AVAIL", "SCORE", "ELIGIBLE");
            assertThat(out).contains("forgers and replayers at 0 in every epoch: yes");
            // Inference: every job answered through ingest, the dishonest GPU node caught by the verifier within the bound.
            assertThat(out).contains("the 3 sidecars share jobs.requests' 12 partitions", "66 of 66 jobs answered");
            assertThat(out).containsPattern("dishonest node caught: first MISMATCH on its result #\\d+ of \\d+ \\(bound 20\\)");
            // Step 7: settled on-chain, audited, claimed as the API said.
            assertThat(out).contains("EPOCH", "ROOT", "GAS", "every epoch pays exactly its emission");
            assertThat(out).containsPattern("audit of epoch \\d+: PASS");
            assertThat(out).doesNotContain(": FAIL");
            assertThat(out).containsPattern("claim OK: payout balance grew by [0-9.]+ tokens = what the API said was claimable");
            java.util.regex.Matcher means = java.util.regex.Pattern
                    .compile("honest (\\d+), flaky (\\d+), slow (\\d+)").matcher(out);
            assertThat(means.find()).as(out).isTrue();
            assertThat(Long.parseLong(means.group(1))).isGreaterThan(Long.parseLong(means.group(2)))
                    .isGreaterThan(Long.parseLong(means.group(3)));
            // ... and the prober measured the nodes, with signatures that verify.
            java.util.regex.Matcher probes = java.util.regex.Pattern
                    .compile("latency probes in telemetry.probes: (\\d+) by outcome \\{.*OK=\\d+.*\\}; prober and node signatures valid: (\\d+) of (\\d+)")
                    .matcher(out);
            assertThat(probes.find()).as(out).isTrue();
            assertThat(Integer.parseInt(probes.group(2))).isPositive().isEqualTo(Integer.parseInt(probes.group(3)));

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
