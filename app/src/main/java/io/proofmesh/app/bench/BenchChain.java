package io.proofmesh.app.bench;

import io.proofmesh.platform.devstack.Ports;
import io.proofmesh.platform.devstack.ToolLocator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The chain {@code bench settle} measures gas on: an anvil of its own (only anvil — no Kafka or
 * registry is needed to post a root and claim) on a free port, or a running dev chain given by URL.
 * Moves the chain's clock with anvil's {@code evm_increaseTime} + {@code evm_mine}.
 */
public final class BenchChain implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String rpcUrl;
    private final Process anvil;

    private BenchChain(String rpcUrl, Process anvil) {
        this.rpcUrl = rpcUrl;
        this.anvil = anvil;
    }

    /** Starts anvil (from node_modules, else PATH) on a free port; its log goes to {@code log}. */
    public static BenchChain startAnvil(Path log) throws IOException, InterruptedException {
        int port = Ports.freePort();
        Path binary = ToolLocator.anvilBinary(Optional.empty());
        Process p = new ProcessBuilder(List.of(binary.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--chain-id", "31337"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BenchChain chain = new BenchChain("http://127.0.0.1:" + port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("anvil exited with " + p.exitValue() + " before answering; see " + log);
            }
            try {
                chain.rpc("eth_chainId", "[]");
                return chain;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    chain.close();
                    throw new IOException("anvil did not answer on " + chain.rpcUrl + " within 60 s; see " + log);
                }
                Thread.sleep(200);
            }
        }
    }

    /** A chain that is already running (it must be anvil: the bench moves its clock). */
    public static BenchChain connect(String rpcUrl) {
        return new BenchChain(rpcUrl, null);
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    public boolean ownAnvil() {
        return anvil != null;
    }

    /** Moves the chain's time forward and mines a block at the new time. */
    public void advance(long seconds) throws IOException, InterruptedException {
        rpc("evm_increaseTime", "[" + seconds + "]");
        rpc("evm_mine", "[]");
    }

    private String rpc(String method, String params) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(rpcUrl)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}"))
                .build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
            throw new IOException(method + " on " + rpcUrl + " answered HTTP " + r.statusCode() + ": " + r.body()
                    + (method.startsWith("evm_") ? " (the bench needs anvil: it moves the chain's clock)" : ""));
        }
        return r.body();
    }

    @Override
    public void close() {
        if (anvil != null) {
            anvil.destroy();
            try {
                if (!anvil.waitFor(10, TimeUnit.SECONDS)) {
                    anvil.destroyForcibly();
                }
            } catch (InterruptedException e) {
                anvil.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
