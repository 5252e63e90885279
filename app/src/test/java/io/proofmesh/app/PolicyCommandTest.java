package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code proofmesh policy} does before it needs a broker. */
class PolicyCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"policy", "policy show", "policy publish"})
    void explainsItself(String command) {
        String[] words = command.split(" ");
        String[] args = java.util.Arrays.copyOf(words, words.length + 1);
        args[words.length] = "--help";
        CliOutput r = CliOutput.run(args);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: proofmesh " + command).contains("Example");
    }

    @Test
    void showsAFilesHashAndTheDigestForTheNetwork(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("p.json"), PolicyJson.write(PolicyJson.defaultPolicy()));
        CliOutput r = CliOutput.run("policy", "show", "--file", f.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        // the frozen vector default-policy (PROTOCOL.md §11.6)
        assertThat(r.out()).contains("content hash    0x9427e28badfbd051903880473084c496c5198b4306943c31b8e5ec0470c0ae20")
                .contains("signing digest  0x2fe0ffe43058fb801b09575da66c9699164fcec81ae901c21893756612f43135 "
                        + "(network proofmesh-devnet, chain 31337)")
                .contains("emissionPerEpoch           1000000000000000000000 (1000 tokens)");
        CliOutput other = CliOutput.run("policy", "show", "--file", f.toString(), "--network", "proofmesh-testnet", "--chain-id", "5");
        assertThat(other.out()).contains("content hash    0x9427e28b").doesNotContain("0x2fe0ffe4")
                .contains("(network proofmesh-testnet, chain 5)");
    }

    @Test
    void printsTheShippedDefaultAsAnEditableFile() {
        CliOutput r = CliOutput.run("policy", "show", "--default", "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(PolicyJson.parse(r.out())).isEqualTo(PolicyJson.defaultPolicy());
    }

    @Test
    void aBadFileNamesTheField(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("p.json"),
                PolicyJson.write(PolicyJson.defaultPolicy()).replace("\"minUptimePpm\"", "\"minUptime\""));
        CliOutput r = CliOutput.run("policy", "show", "--file", f.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("policy file " + f + ": minUptime is not a policy field");
    }

    @Test
    void publishingTooLateIsRefusedBeforeConnecting(@TempDir Path dir) throws Exception {
        long current = EpochSchedule.defaults().epochOf(System.currentTimeMillis());
        ScoringPolicy d = PolicyJson.defaultPolicy();
        ScoringPolicy next = new ScoringPolicy("next", current + 1, d.heartbeatIntervalSeconds(), d.latencyTiers(),
                d.minUptimePpm(), d.availabilityWeightPpm(), d.workWeightPpm(), d.reputationPriorAlphaPpm(),
                d.reputationPriorBetaPpm(), d.reputationDecayPpm(), d.emissionPerEpoch(), 0);
        Path f = Files.writeString(dir.resolve("p.json"), PolicyJson.write(next));
        Path key = Files.writeString(dir.resolve("k"), "0x" + "0".repeat(63) + "5");
        CliOutput r = CliOutput.run("policy", "publish", "--file", f.toString(), "--key-file", key.toString(),
                "--bootstrap-servers", "127.0.0.1:9");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("too late for effectiveFromEpoch " + (current + 1));

        CliOutput genesis = CliOutput.run("policy", "publish", "--file", f.toString(), "--key-file", key.toString(), "--genesis");
        assertThat(genesis.exitCode()).isEqualTo(2);
        assertThat(genesis.err()).contains("must have effectiveFromEpoch 0");
    }

    @Test
    void aKeyFileWithoutAKeySaysSoWithoutEchoingIt(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("p.json"), PolicyJson.write(PolicyJson.defaultPolicy()));
        Path key = Files.writeString(dir.resolve("k"), "not-a-key-secret-words");
        CliOutput r = CliOutput.run("policy", "publish", "--file", f.toString(), "--key-file", key.toString(), "--genesis");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("does not hold a private key").doesNotContain("not-a-key-secret-words");
    }
}
