package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.devstack.Ports;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.platform.testing.DevStackTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proofmesh prober} as a user runs it: key from a file (never printed), short epochs via
 * --set, a registered node's endpoint gets challenged and answers, /health is up, Ctrl-C stops it.
 */
@DevStackTest
class ProberCommandIT {

    private static final String KEY = "0x" + "0".repeat(63) + "7";

    @Test
    void probesARegisteredNodeAndStopsOnCtrlC(DevStack stack, @TempDir Path dir) throws Exception {
        MessageSigner node = MessageSigner.generate();
        AtomicInteger answered = new AtomicInteger();
        HttpServer responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        responder.createContext("/probe", x -> {
            ProbeChallenge c = ProbeChallenge.parse(x.getRequestBody().readAllBytes());
            byte[] body = ProbeChallenge.answerBody(node.signPersonal(c.signedMessage()));
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
            answered.incrementAndGet();
        });
        responder.start();
        Path keyFile = dir.resolve("prober.key");
        Files.writeString(keyFile, KEY + "\n");
        int httpPort = Ports.freePort();
        try (RunningIngest ingest = RunningIngest.start(stack, Map.of())) {
            String reg = "{\"nodeId\":\"" + node.address() + "\",\"payoutAddress\":\"0x00000000000000000000000000000000000000aa\","
                    + "\"operatorAddress\":\"0x00000000000000000000000000000000000000bb\",\"region\":\"eu-west\","
                    + "\"probeEndpoint\":\"http://127.0.0.1:" + responder.getAddress().getPort() + "/probe\","
                    + "\"declaredCapacity\":{\"gpuModel\":\"L4\",\"gpuCount\":1,\"gpuMemoryMb\":24576,\"cpuCores\":4,\"memoryMb\":8192,"
                    + "\"maxConcurrentJobs\":1}}";
            HttpResponse<String> registered = ingest.admin("/v1/admin/nodes", reg);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            try (CliProcess prober = CliProcess.start(dir, "prober", "--bootstrap-servers", stack.bootstrapServers(),
                    "--registry-url", stack.registryUrl(), "--http-port", Integer.toString(httpPort), "--prober-id", "prober-cli",
                    "--key-file", keyFile.toString(), "--probes-per-epoch", "5", "--set", "epoch.length=10s",
                    "--set", "epoch.grace=2s")) {
                assertThat(prober.waitForLine("ready.", Duration.ofSeconds(90))).as(prober.output()).isTrue();
                assertThat(prober.output()).contains("prober.key-file").contains("prober-cli")
                        .contains(MessageSigner.fromPrivateKeyHex(KEY).address()).doesNotContain("0".repeat(63) + "7")
                        .doesNotContain("THROW-AWAY");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (answered.get() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(answered.get()).as("challenges answered").isGreaterThanOrEqualTo(2);
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).as(health.body()).isEqualTo(200);

                prober.interrupt();
                assertThat(prober.waitFor(Duration.ofSeconds(20))).as("exited after SIGINT; output:\n%s", prober.output()).isNotEqualTo(-1);
                assertThat(prober.output()).contains("stopping the prober");
            }
        } finally {
            responder.stop(0);
        }
    }
}
