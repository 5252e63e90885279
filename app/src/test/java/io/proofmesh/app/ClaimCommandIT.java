package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.settler.testing.RewardsFixture;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proofmesh claim} against the rewards API and a fresh distributor on the DevStack's anvil. */
@DevStackTest
class ClaimCommandIT {

    private static final BigInteger TOKEN = BigInteger.TEN.pow(18);

    @Test
    void claimsOnceThenReportsNothingToClaimAndNamesWhatToStartWhenTheSettlerIsDown(DevStack stack, @TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("gas.key");
        Files.writeString(keyFile, RewardsFixture.CLAIMER_KEY + "\n");
        try (RewardsFixture f = RewardsFixture.start(stack, 120)) {
            String node = f.newNode();
            String other = f.newNode();
            BigInteger amount = new BigInteger("12500000000000000000"); // 12.5 tokens
            f.confirm(f.settle(f.firstEpoch(), Map.of(node, amount, other, TOKEN)));
            String[] args = {"claim", "--node", node, "--key-file", keyFile.toString(), "--settler-url", f.apiUrl(),
                    "--chain-rpc-url", stack.chainRpcUrl()};

            // In the challenge window: the API refuses, the command says why and sends nothing.
            CliOutput early = CliOutput.run(args);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (early.err().contains("LOADING") && System.nanoTime() < deadline) { // the API still reads the topics
                Thread.sleep(500);
                early = CliOutput.run(args);
            }
            assertThat(early.exitCode()).as(early.err()).isEqualTo(1);
            assertThat(early.err()).contains("NOT_YET_CLAIMABLE");
            assertThat(f.balance(f.payoutOf(node))).isZero();

            f.advancePastWindow();
            CliOutput claimed = CliOutput.run(args);
            assertThat(claimed.exitCode()).as(claimed.out() + claimed.err()).isZero();
            assertThat(f.balance(f.payoutOf(node))).isEqualTo(amount);
            assertThat(f.claimedOnChain(node)).isEqualTo(amount);
            assertThat(claimed.out()).contains("claimed 12.5 tokens (" + amount + " base units)")
                    .contains("balance: 0 tokens -> 12.5 tokens")
                    .containsPattern("tx 0x[0-9a-f]{64} in block \\d+, gas used \\d+");
            assertThat(claimed.out() + claimed.err()).doesNotContain(RewardsFixture.CLAIMER_KEY.substring(2));

            // Claiming again: the contract's NothingToClaim, decoded.
            CliOutput again = CliOutput.run(args);
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("NothingToClaim");
            assertThat(f.balance(f.payoutOf(node))).isEqualTo(amount);
        }

        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        CliOutput down = CliOutput.run("claim", "--node", "0x" + "ab".repeat(20), "--key-file", keyFile.toString(),
                "--settler-url", "http://127.0.0.1:" + deadPort, "--chain-rpc-url", stack.chainRpcUrl());
        assertThat(down.exitCode()).isEqualTo(2);
        assertThat(down.err()).contains("cannot reach the settler's rewards API").contains("start the reward settler");

        CliOutput help = CliOutput.run("claim", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("PROOFMESH_CLAIM_KEY").contains("Examples:").contains("--settler-url");
    }
}
