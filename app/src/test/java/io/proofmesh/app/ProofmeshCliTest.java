package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.devstack.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProofmeshCliTest {

    @Test
    void topLevelHelpListsEveryCommandAndHowConfigurationWorks() {
        CliOutput r = CliOutput.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("dev", "topics", "demo", "PROOFMESH_", "--config FILE", "kafka.<name>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "topics", "ingest", "prober", "streams", "nodes register", "nodes rotate-key", "policy show",
        "jobs submit", "sidecar", "verifier", "settler", "claim", "audit", "simulate", "demo", "bench scoring"})
    void everyCommandExplainsItself(String command) {
        String[] words = command.split(" ");
        String[] args = java.util.Arrays.copyOf(words, words.length + 1);
        args[words.length] = "--help";
        CliOutput r = CliOutput.run(args);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: proofmesh " + command).contains("--set");
        if (words.length == 1) {
            assertThat(r.out()).contains("Example");
        }
    }

    @Test
    void streamsOutsideTheDevnetWithoutAGovernanceAddressSaysWhichSettingToSet() {
        CliOutput r = CliOutput.run("streams", "--set", "network.name=mainnet", "--bootstrap-servers", "127.0.0.1:9");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("scoring.governance-address");
    }

    @Test
    void jobsSubmitRefusesAMalformedInputWithExitTwoBeforeTouchingKafka() {
        CliOutput bad = CliOutput.run("jobs", "submit", "--model", "m", "--input", "x=FLOAT32:1x16", "--bootstrap-servers", "127.0.0.1:9");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("NAME=DTYPE:SHAPE:DATA");
        CliOutput big = CliOutput.run("jobs", "submit", "--model", "../m", "--input", "x=FLOAT32:1x16:zeros",
                "--bootstrap-servers", "127.0.0.1:9");
        assertThat(big.exitCode()).isEqualTo(2);
        assertThat(big.err()).contains("BAD_FIELD", "/modelId");
    }

    @Test
    void sidecarWithoutANodeKeySaysWhereToPutIt() {
        CliOutput r = CliOutput.run("sidecar", "--bootstrap-servers", "127.0.0.1:9");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("PROOFMESH_SIDECAR_NODE_KEY", "--node-key-file");
    }

    @Test
    void settlerWithoutADistributorOrAKeySaysWhatToSet() {
        CliOutput noDistributor = CliOutput.run("settler", "--bootstrap-servers", "127.0.0.1:9");
        assertThat(noDistributor.exitCode()).isNotZero();
        assertThat(noDistributor.err()).contains("settler.distributor-address", "proofmesh dev");
        CliOutput noKey = CliOutput.run("settler", "--distributor", "0x00000000000000000000000000000000000000aa",
                "--bootstrap-servers", "127.0.0.1:9");
        assertThat(noKey.exitCode()).isNotZero();
        assertThat(noKey.err()).contains("PROOFMESH_SETTLER_KEY", "--key-file");
    }

    @Test
    void sidecarWithCudaOnAHostWithoutItSaysWhatToInstall() {
        CliOutput r = CliOutput.run("sidecar", "--device", "cuda", "--bootstrap-servers", "127.0.0.1:9",
                "--set", "sidecar.node-key=0x" + "11".repeat(32));
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("CUDA 12", "onnxruntime_gpu");
    }

    @Test
    void simulateWithoutAnAdminTokenSaysWhereToPutIt() {
        CliOutput r = CliOutput.run("simulate", "--nodes", "3", "--ingest-url", "http://127.0.0.1:9");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("PROOFMESH_ADMIN_TOKEN", "--admin-token-file");
    }

    @Test
    void simulateRefusesABadMixSayingWhichProfilesExist() {
        CliOutput r = CliOutput.run("simulate", "--mix", "honest=5,liar=1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("unknown profile 'liar'", "forger");
    }

    @Test
    void anUnknownOptionIsAUsageErrorThatSaysWhich() {
        CliOutput r = CliOutput.run("topics", "--no-such-flag");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-flag'");
    }

    @Test
    void topicsAgainstNoBrokerFailsWithinTheBoundWithAdviceAndNoStackTrace() {
        String addr = "localhost:" + Ports.freePort();
        long t0 = System.nanoTime();
        CliOutput r = CliOutput.run("topics", "--bootstrap-servers", addr, "--set", "connect.timeout=2s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no Kafka broker answered at " + addr).contains("proofmesh dev").doesNotContain("\tat ");
    }

    @Test
    void aMissingConfigFileIsNamed(@TempDir Path dir) {
        CliOutput r = CliOutput.run("topics", "--config", dir.resolve("nope.properties").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("config file").contains("nope.properties").contains("does not exist");
    }

    @Test
    void devOnATakenPortSaysWhichPortAndWhichFlag(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            CliOutput r = CliOutput.run("dev", "--data-dir", dir.toString(), "--kafka-port", Integer.toString(port),
                    "--controller-port", Integer.toString(Ports.freePort()), "--registry-port", Integer.toString(Ports.freePort()),
                    "--anvil-port", Integer.toString(Ports.freePort()));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("port " + port + " (Kafka broker) is already in use").contains("--kafka-port");
        }
    }
}
