package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.testing.DevStackTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proofmesh nodes} against a running ingest on the DevStack. */
@DevStackTest
class NodesCommandIT {

    @Test
    void registersListsSuspendsAndActivatesThroughTheAdminApi(DevStack stack, @TempDir Path dir) throws Exception {
        Path tokenFile = dir.resolve("admin.token");
        Files.writeString(tokenFile, RunningIngest.ADMIN_TOKEN + "\n");
        String node = MessageSigner.generate().address();

        try (RunningIngest ingest = RunningIngest.start(stack, Map.of())) {
            String url = "http://127.0.0.1:" + ingest.service().port();
            CliOutput registered = CliOutput.run("nodes", "register", "--ingest-url", url, "--token-file", tokenFile.toString(),
                    "--node-id", node, "--payout", "0x00000000000000000000000000000000000000aa",
                    "--operator", "0x00000000000000000000000000000000000000bb", "--region", "eu-west",
                    "--probe-endpoint", "http://127.0.0.1:9/probe", "--gpu-model", "L4", "--gpu-count", "1");
            assertThat(registered.exitCode()).as(registered.err()).isZero();
            assertThat(registered.out()).contains("\"nodeId\" : \"" + node + "\"").contains("\"status\" : \"ACTIVE\"");

            CliOutput listed = CliOutput.run("nodes", "list", "--ingest-url", url, "--token-file", tokenFile.toString());
            assertThat(listed.exitCode()).isZero();
            assertThat(listed.out()).contains(node);

            CliOutput suspended = CliOutput.run("nodes", "suspend", node, "--reason", "forged telemetry",
                    "--ingest-url", url, "--token-file", tokenFile.toString());
            assertThat(suspended.exitCode()).isZero();
            assertThat(suspended.out()).contains("\"status\" : \"SUSPENDED\"").contains("forged telemetry");

            assertThat(CliOutput.run("nodes", "activate", node, "--ingest-url", url, "--token-file", tokenFile.toString())
                    .out()).contains("\"status\" : \"ACTIVE\"");

            CliOutput bad = CliOutput.run("nodes", "register", "--ingest-url", url, "--token-file", tokenFile.toString(),
                    "--node-id", "0xNOT", "--payout", "0x00000000000000000000000000000000000000aa",
                    "--operator", "0x00000000000000000000000000000000000000bb", "--region", "eu-west",
                    "--probe-endpoint", "http://127.0.0.1:9/probe");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.err()).contains("HTTP 400 INVALID_REGISTRATION").contains("[/nodeId]");

            Files.writeString(tokenFile, "a-wrong-token-of-enough-length");
            CliOutput denied = CliOutput.run("nodes", "list", "--ingest-url", url, "--token-file", tokenFile.toString());
            assertThat(denied.exitCode()).isEqualTo(1);
            assertThat(denied.err()).contains("HTTP 401 UNAUTHORIZED");
        }
        CliOutput unreachable = CliOutput.run("nodes", "list", "--ingest-url", "http://127.0.0.1:1", "--token-file",
                tokenFile.toString());
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("unreachable").contains("proofmesh ingest");
    }
}
