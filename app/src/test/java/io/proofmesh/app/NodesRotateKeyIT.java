package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.testing.DevStackTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proofmesh nodes rotate-key} against a running ingest on the DevStack. */
@DevStackTest
class NodesRotateKeyIT {

    private static final HexFormat HEX = HexFormat.of();

    /** A fresh key written to a file as 0x + 64 hex digits, with the signer for the test's own use. */
    private record KeyFile(Path path, String hex, MessageSigner signer) {
        static KeyFile write(Path dir, String name) throws Exception {
            byte[] k = new byte[32];
            new java.security.SecureRandom().nextBytes(k);
            k[0] = 0x01; // well below the curve order
            String hex = "0x" + HEX.formatHex(k);
            Path p = dir.resolve(name);
            Files.writeString(p, hex + "\n");
            return new KeyFile(p, hex, MessageSigner.fromPrivateKeyHex(hex));
        }
    }

    private static byte[] heartbeat(String nodeId, long seq) {
        return ("{\"v\":1,\"network\":\"proofmesh-devnet\",\"chainId\":31337,\"nodeId\":\"" + nodeId + "\",\"seq\":" + seq
                + ",\"sentAt\":" + System.currentTimeMillis() + ",\"events\":[{\"kind\":\"heartbeat\",\"uptimeSeconds\":600,"
                + "\"cpuLoadPpm\":250000,\"gpuLoadPpm\":730000,\"activeJobs\":2,\"agentVersion\":\"it/1\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rotatesANodesKeyWithTheOperatorsKeyAndExplainsRefusals(DevStack stack, @TempDir Path dir) throws Exception {
        KeyFile operator = KeyFile.write(dir, "operator.key");
        KeyFile first = KeyFile.write(dir, "node-first.key");
        KeyFile second = KeyFile.write(dir, "node-second.key");
        KeyFile third = KeyFile.write(dir, "node-third.key");
        MessageSigner original = MessageSigner.generate();
        String node = original.address();

        try (RunningIngest ingest = RunningIngest.start(stack, Map.of())) {
            String url = "http://127.0.0.1:" + ingest.service().port();
            ingest.register(original, operator.signer().address());

            CliOutput rotated = CliOutput.run("nodes", "rotate-key", node, "--ingest-url", url,
                    "--operator-key-file", operator.path().toString(), "--new-key-file", first.path().toString());
            assertThat(rotated.exitCode()).as(rotated.err()).isZero();
            assertThat(rotated.out()).contains("now signs with " + first.signer().address()).contains("rotatedAt ");
            for (KeyFile k : new KeyFile[] {operator, first}) { // keys are never printed
                assertThat(rotated.out() + rotated.err()).doesNotContain(k.hex().substring(2));
            }
            assertThat(ingest.send(first.signer(), heartbeat(node, 1)).statusCode()).isEqualTo(202);
            assertThat(ingest.send(original, heartbeat(node, 2)).body()).contains("SIGNER_MISMATCH");

            // Run again as if it were the first rotation: the node's key is no longer its nodeId.
            CliOutput stale = CliOutput.run("nodes", "rotate-key", node, "--ingest-url", url,
                    "--operator-key-file", operator.path().toString(), "--new-key-file", second.path().toString());
            assertThat(stale.exitCode()).isEqualTo(1);
            assertThat(stale.err()).contains("HTTP 409 STALE_ROTATION").contains("--previous-signing-address");

            CliOutput notOperator = CliOutput.run("nodes", "rotate-key", node, "--ingest-url", url,
                    "--previous-signing-address", first.signer().address(),
                    "--operator-key-file", third.path().toString(), "--new-key-file", second.path().toString());
            assertThat(notOperator.exitCode()).isEqualTo(1);
            assertThat(notOperator.err()).contains("HTTP 401 OPERATOR_SIGNATURE_INVALID").contains("operatorAddress");

            CliOutput again = CliOutput.run("nodes", "rotate-key", node, "--ingest-url", url,
                    "--previous-signing-address", first.signer().address(),
                    "--operator-key-file", operator.path().toString(), "--new-key-file", second.path().toString());
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(ingest.send(second.signer(), heartbeat(node, 3)).statusCode()).isEqualTo(202);
            assertThat(ingest.send(first.signer(), heartbeat(node, 4)).statusCode()).isEqualTo(401);

            CliOutput otherDomain = CliOutput.run("nodes", "rotate-key", node, "--ingest-url", url, "--network", "proofmesh-testnet",
                    "--previous-signing-address", second.signer().address(),
                    "--operator-key-file", operator.path().toString(), "--new-key-file", third.path().toString());
            assertThat(otherDomain.exitCode()).isEqualTo(1);
            assertThat(otherDomain.err()).contains("WRONG_DOMAIN").contains("--network");
        }

        Path garbage = dir.resolve("garbage.key");
        Files.writeString(garbage, "not-a-key-0123");
        CliOutput badFile = CliOutput.run("nodes", "rotate-key", node, "--operator-key-file", garbage.toString(),
                "--new-key-file", first.path().toString());
        assertThat(badFile.exitCode()).isEqualTo(1);
        assertThat(badFile.err()).contains("does not hold a private key").doesNotContain("not-a-key-0123");

        CliOutput noEnv = CliOutput.run("nodes", "rotate-key", node, "--operator-key-env", "PROOFMESH_IT_SURELY_UNSET_VARIABLE",
                "--new-key-file", first.path().toString());
        assertThat(noEnv.exitCode()).isEqualTo(1);
        assertThat(noEnv.err()).contains("PROOFMESH_IT_SURELY_UNSET_VARIABLE is not set");

        CliOutput both = CliOutput.run("nodes", "rotate-key", node, "--operator-key-file", operator.path().toString(),
                "--operator-key-env", "X", "--new-key-file", first.path().toString());
        assertThat(both.exitCode()).isNotZero();

        CliOutput unreachable = CliOutput.run("nodes", "rotate-key", node, "--ingest-url", "http://127.0.0.1:1",
                "--operator-key-file", operator.path().toString(), "--new-key-file", third.path().toString());
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("unreachable");

        CliOutput help = CliOutput.run("nodes", "rotate-key", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--operator-key-file").contains("--new-key-env").contains("SIGNER_MISMATCH")
                .contains("--previous-signing-address");
    }
}
