package io.proofmesh.simulator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Registers simulated nodes through ingest's admin API ({@code POST /v1/admin/nodes}, bearer
 * token) with bounded concurrency. Idempotent: it first lists what is registered and skips nodes
 * whose signing address and probe URL already match, so a rerun with the same seed costs one GET.
 */
public final class FleetRegistrar {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String adminToken;
    private final int concurrency;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public FleetRegistrar(String ingestUrl, String adminToken, int concurrency) {
        this.base = URI.create(ingestUrl.replaceAll("/+$", ""));
        this.adminToken = adminToken;
        this.concurrency = concurrency;
    }

    /** What a node registers as. */
    public record Registration(String nodeId, String probeEndpoint, String region, String gpuModel, int gpuCount,
                               long gpuMemoryMb, int cpuCores, long memoryMb, int maxConcurrentJobs) { }

    /** How registration went; {@code failures} holds "nodeId: reason" lines. */
    public record Result(int created, int updated, int unchanged, List<String> failures) { }

    /** A refusal that retrying will not fix (wrong token, ingest unreachable). */
    public static final class RegistrationException extends Exception {
        public RegistrationException(String message) {
            super(message);
        }
    }

    public Result register(List<Registration> nodes, Consumer<String> progress) throws RegistrationException, InterruptedException {
        Map<String, JsonNode> existing = list();
        List<Registration> todo = new ArrayList<>();
        int unchanged = 0;
        for (Registration r : nodes) {
            JsonNode e = existing.get(r.nodeId());
            if (e != null && r.nodeId().equals(e.path("signingAddress").asText()) && r.probeEndpoint().equals(e.path("probeEndpoint").asText())) {
                unchanged++;
            } else {
                todo.add(r);
            }
        }
        if (unchanged > 0) {
            progress.accept(unchanged + " nodes already registered (same key and probe URL): skipped");
        }
        AtomicInteger created = new AtomicInteger();
        AtomicInteger updated = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, todo.size())));
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Registration r : todo) {
                fs.add(pool.submit(() -> {
                    try {
                        int status = post(r);
                        (status == 201 ? created : updated).incrementAndGet();
                    } catch (RegistrationException | IOException e) {
                        failures.add(r.nodeId() + ": " + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    int d = done.incrementAndGet();
                    if (d % 1000 == 0 && d < todo.size()) {
                        progress.accept("registered " + d + "/" + todo.size());
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(created.get(), updated.get(), unchanged, List.copyOf(failures));
    }

    private Map<String, JsonNode> list() throws RegistrationException, InterruptedException {
        HttpResponse<byte[]> r = call(HttpRequest.newBuilder(base.resolve("/v1/admin/nodes")).GET());
        if (r.statusCode() != 200) {
            throw new RegistrationException(refusal("listing nodes", r));
        }
        Map<String, JsonNode> m = new HashMap<>();
        try {
            for (JsonNode n : JSON.readTree(r.body())) {
                m.put(n.path("nodeId").asText(), n);
            }
        } catch (IOException e) {
            throw new RegistrationException("ingest's node list is not JSON: " + e.getMessage());
        }
        return m;
    }

    /**
     * The simulated operator's payout address: derived from the nodeId (deterministic, so a re-run
     * registers the same), and never the node's hot signing key (DESIGN.md "Identity").
     */
    public static String payoutOf(String nodeId) {
        byte[] h = org.web3j.crypto.Hash.sha3(("proofmesh-sim-payout:" + nodeId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "0x" + java.util.HexFormat.of().formatHex(h, 12, 32);
    }

    /** POSTs one registration, retrying a 503 (registry write failed) a few times; returns 201 or 200. */
    private int post(Registration r) throws RegistrationException, IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("nodeId", r.nodeId())
                .put("payoutAddress", payoutOf(r.nodeId()))
                .put("operatorAddress", r.nodeId())
                .put("region", r.region())
                .put("probeEndpoint", r.probeEndpoint());
        body.putObject("declaredCapacity").put("gpuModel", r.gpuModel()).put("gpuCount", r.gpuCount())
                .put("gpuMemoryMb", r.gpuMemoryMb()).put("cpuCores", r.cpuCores()).put("memoryMb", r.memoryMb())
                .put("maxConcurrentJobs", r.maxConcurrentJobs());
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> resp = call(HttpRequest.newBuilder(base.resolve("/v1/admin/nodes"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
            int s = resp.statusCode();
            if (s == 201 || s == 200) {
                return s;
            }
            if (s == 503 && attempt < 5) {
                Thread.sleep(1000L * attempt);
                continue;
            }
            throw new RegistrationException(refusal("registering", resp));
        }
    }

    private HttpResponse<byte[]> call(HttpRequest.Builder b) throws RegistrationException, InterruptedException {
        try {
            return http.send(b.timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + adminToken).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistrationException("ingest's admin API at " + base + " is unreachable (" + e
                    + "); start ingest with an admin token (PROOFMESH_ADMIN_TOKEN) or pass --ingest-url");
        }
    }

    private static String refusal(String what, HttpResponse<byte[]> r) {
        String text = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        String hint = r.statusCode() == 401 ? " — the admin token is wrong: use the one ingest was started with" : "";
        return what + " refused: HTTP " + r.statusCode() + " " + text + hint;
    }
}
