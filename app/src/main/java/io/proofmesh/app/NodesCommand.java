package io.proofmesh.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proofmesh.ingest.admin.AdminToken;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code proofmesh nodes}: the node registry through ingest's admin API. */
@Command(name = "nodes",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Register, list, suspend and activate nodes through ingest's admin API.",
            "The admin token comes from PROOFMESH_ADMIN_TOKEN or --token-file, never a flag.",
        },
        footer = {"", "Examples:",
            "  export PROOFMESH_ADMIN_TOKEN=...",
            "  proofmesh nodes register --node-id 0x... --payout 0x... --operator 0x... \\",
            "      --region eu-west --probe-endpoint http://node:9000/probe --gpu-model L4",
            "  proofmesh nodes list",
            "  proofmesh nodes suspend 0x... --reason 'forged telemetry'"},
        subcommands = {NodesCommand.Register.class, NodesCommand.ListNodes.class, NodesCommand.Suspend.class,
            NodesCommand.Activate.class})
final class NodesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where ingest is and how to authenticate; shared by every subcommand. */
    static final class AdminOptions {
        @Mixin
        ConfigOptions config;

        @Option(names = "--ingest-url", paramLabel = "URL", defaultValue = "http://localhost:8080",
                description = "Ingest base URL (default: ${DEFAULT-VALUE}).")
        String ingestUrl;

        @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the admin token.")
        Path tokenFile;

        String token() {
            if (tokenFile != null) {
                return readFile(tokenFile.toString());
            }
            Settings s = config.settings(Map.of(AdminToken.TOKEN, "", AdminToken.TOKEN_FILE, ""));
            return s.find(AdminToken.TOKEN)
                    .or(() -> s.find(AdminToken.TOKEN_FILE).map(AdminOptions::readFile))
                    .orElseThrow(() -> new ConfigException("no admin token: set PROOFMESH_ADMIN_TOKEN or pass --token-file FILE"));
        }

        private static String readFile(String f) {
            try {
                return Files.readString(Path.of(f), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new ConfigException("cannot read the token file " + f + ": " + e.getMessage());
            }
        }

        /** Calls the admin API; prints the answer; exit code 0 on 2xx, 1 otherwise (with the API's code and message). */
        int call(String method, String path, JsonNode body) throws InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ingestUrl.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token())
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.toString()));
            HttpResponse<String> r;
            try {
                r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new ConfigException("ingest at " + ingestUrl + " is unreachable (" + e + "); start it with "
                        + "`proofmesh ingest` or pass --ingest-url");
            }
            PrintStream out = System.out;
            if (r.statusCode() / 100 == 2) {
                try {
                    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(r.body())));
                } catch (IOException e) {
                    out.println(r.body());
                }
                return 0;
            }
            String code = "HTTP_" + r.statusCode();
            String message = r.body();
            String field = null;
            try {
                JsonNode e = JSON.readTree(r.body());
                code = e.path("code").asText(code);
                message = e.path("message").asText(message);
                field = e.hasNonNull("field") ? e.get("field").asText() : null;
            } catch (IOException ignored) {
                // not JSON: show it as it is
            }
            System.err.println("refused (HTTP " + r.statusCode() + " " + code + "): " + message
                    + (field == null ? "" : " [" + field + "]"));
            return 1;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a node, or update its details.")
    static final class Register implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Option(names = "--node-id", required = true, description = "The node's 0x address (its original signing key).")
        String nodeId;

        @Option(names = "--payout", required = true, description = "Operator's payout address (rewards go here).")
        String payout;

        @Option(names = "--operator", required = true, description = "Operator's address (authorises key rotation).")
        String operator;

        @Option(names = "--region", required = true, description = "e.g. eu-west")
        String region;

        @Option(names = "--probe-endpoint", required = true, description = "http(s) URL the prober challenges.")
        String probeEndpoint;

        @Option(names = "--gpu-model", defaultValue = "none", description = "GPU model (default: ${DEFAULT-VALUE}).")
        String gpuModel;

        @Option(names = "--gpu-count", defaultValue = "0", description = "GPUs (default: ${DEFAULT-VALUE}).")
        long gpuCount;

        @Option(names = "--gpu-memory-mb", defaultValue = "0", description = "GPU memory in MB (default: ${DEFAULT-VALUE}).")
        long gpuMemoryMb;

        @Option(names = "--cpu-cores", defaultValue = "1", description = "CPU cores (default: ${DEFAULT-VALUE}).")
        long cpuCores;

        @Option(names = "--memory-mb", defaultValue = "1024", description = "Memory in MB (default: ${DEFAULT-VALUE}).")
        long memoryMb;

        @Option(names = "--max-jobs", defaultValue = "1", description = "Concurrent jobs (default: ${DEFAULT-VALUE}).")
        long maxJobs;

        @Override
        public Integer call() throws InterruptedException {
            ObjectNode body = JSON.createObjectNode()
                    .put("nodeId", nodeId).put("payoutAddress", payout).put("operatorAddress", operator)
                    .put("region", region).put("probeEndpoint", probeEndpoint);
            body.putObject("declaredCapacity").put("gpuModel", gpuModel).put("gpuCount", gpuCount)
                    .put("gpuMemoryMb", gpuMemoryMb).put("cpuCores", cpuCores).put("memoryMb", memoryMb)
                    .put("maxConcurrentJobs", maxJobs);
            return admin.call("POST", "/v1/admin/nodes", body);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every registered node.")
    static final class ListNodes implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() throws InterruptedException {
            return admin.call("GET", "/v1/admin/nodes", null);
        }
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Suspend a node: its telemetry is refused.")
    static final class Suspend implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "NODE_ID", description = "The node's 0x address.")
        String nodeId;

        @Option(names = "--reason", description = "Why (kept with the registration).")
        String reason;

        @Override
        public Integer call() throws InterruptedException {
            ObjectNode body = JSON.createObjectNode();
            if (reason != null) {
                body.put("reason", reason);
            }
            return admin.call("POST", "/v1/admin/nodes/" + nodeId + "/suspend", body);
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Lift a node's suspension.")
    static final class Activate implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "NODE_ID", description = "The node's 0x address.")
        String nodeId;

        @Override
        public Integer call() throws InterruptedException {
            return admin.call("POST", "/v1/admin/nodes/" + nodeId + "/activate", JSON.createObjectNode());
        }
    }
}
