package io.proofmesh.app;

import io.proofmesh.platform.config.CommonSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proofmesh.ingest.admin.AdminToken;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.protocol.KeyRotationMessage;
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
            "Register, list, suspend and activate nodes through ingest's admin API,",
            "and rotate a node's signing key with the operator's key.",
            "The admin token comes from PROOFMESH_ADMIN_TOKEN or --token-file, never a flag.",
        },
        footer = {"", "Examples:",
            "  export PROOFMESH_ADMIN_TOKEN=...",
            "  proofmesh nodes register --node-id 0x... --payout 0x... --operator 0x... \\",
            "      --region eu-west --probe-endpoint http://node:9000/probe --gpu-model L4",
            "  proofmesh nodes list",
            "  proofmesh nodes suspend 0x... --reason 'forged telemetry'",
            "  proofmesh nodes rotate-key 0x... --operator-key-file operator.key --new-key-file node-new.key"},
        subcommands = {NodesCommand.Register.class, NodesCommand.ListNodes.class, NodesCommand.Suspend.class,
            NodesCommand.Activate.class, NodesCommand.RotateKey.class})
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

    @Command(name = "rotate-key", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {
                "Replace a node's signing key, authorised by the operator's key (PROTOCOL.md section 10).",
                "",
                "Builds the rotation message for the deployment's network and chainId, signs it with the operator key "
                    + "(the registration's operatorAddress) and with the new key (proof that you hold it), and posts it to "
                    + "ingest's POST /v1/nodes/{nodeId}/key-rotation. No admin token is needed: the operator's signature is "
                    + "the authorisation.",
                "",
                "From the moment this returns, ingest accepts telemetry signed by the new key and refuses the old one "
                    + "(SIGNER_MISMATCH): switch the node agent to the new key right after.",
                "",
                "Private keys (32 bytes of hex, with or without 0x) are read from files or environment variables and are "
                    + "never printed. Suspended nodes can rotate too; the status does not change.",
            },
            footer = {"", "Examples:",
                "  proofmesh nodes rotate-key 0x2b5a... \\",
                "      --operator-key-file operator.key --new-key-file node-7.next.key",
                "",
                "  # a later rotation starts from the key the previous one installed:",
                "  proofmesh nodes rotate-key 0x2b5a... --previous-signing-address 0x2c75... \\",
                "      --operator-key-env OPERATOR_KEY --new-key-env NEXT_KEY \\",
                "      --ingest-url https://ingest.example:8080"})
    static final class RotateKey implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Parameters(paramLabel = "NODE_ID", description = "The node's 0x address (its identity; it never changes).")
        String nodeId;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        OperatorKey operatorKey;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        NewKey newKey;

        @Option(names = "--previous-signing-address", paramLabel = "ADDRESS",
                description = "The node's current signing address (default: NODE_ID, right for the first rotation; "
                        + "after that, the address the last rotation installed).")
        String previousSigningAddress;

        @Option(names = "--ingest-url", paramLabel = "URL", defaultValue = "http://localhost:8080",
                description = "Ingest base URL (default: ${DEFAULT-VALUE}).")
        String ingestUrl;

        @Option(names = "--network", paramLabel = "NAME",
                description = "The deployment's network (default: setting network.name, proofmesh-devnet).")
        String network;

        @Option(names = "--chain-id", paramLabel = "ID",
                description = "The deployment's chain id (default: setting network.chain-id, 31337).")
        Long chainId;

        static final class OperatorKey {
            @Option(names = "--operator-key-file", paramLabel = "FILE", required = true,
                    description = "File holding the operator's private key.")
            Path file;

            @Option(names = "--operator-key-env", paramLabel = "VAR", required = true,
                    description = "Environment variable holding the operator's private key.")
            String env;
        }

        static final class NewKey {
            @Option(names = "--new-key-file", paramLabel = "FILE", required = true,
                    description = "File holding the node's new private key.")
            Path file;

            @Option(names = "--new-key-env", paramLabel = "VAR", required = true,
                    description = "Environment variable holding the node's new private key.")
            String env;
        }

        @Override
        public Integer call() throws InterruptedException {
            Settings s = config.settings(io.proofmesh.ingest.service.IngestSettings.DEFAULTS);
            String net = network != null ? network : CommonSettings.signingDomain(s).network();
            long chain = chainId != null ? chainId : CommonSettings.signingDomain(s).chainId();
            MessageSigner operator = key("operator", operatorKey.file, operatorKey.env);
            MessageSigner next = key("new", newKey.file, newKey.env);
            KeyRotationMessage m;
            try {
                m = new KeyRotationMessage(net, chain, nodeId, previousSigningAddress != null ? previousSigningAddress : nodeId,
                        next.address(), System.currentTimeMillis());
            } catch (KeyRotationMessage.InvalidKeyRotationException e) {
                throw new ConfigException(e.getMessage());
            }
            System.out.println("rotating node " + m.nodeId() + " on " + net + "/" + chain + ": " + m.previousSigningAddress()
                    + " -> " + m.newSigningAddress() + ", authorised by operator " + operator.address());
            byte[] body = m.requestBody(operator.signPersonal(m.signedMessage()), next.signPersonal(m.signedMessage()));
            String url = ingestUrl.replaceAll("/+$", "") + "/v1/nodes/" + m.nodeId() + "/key-rotation";
            HttpResponse<String> r;
            try {
                r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new ConfigException("ingest at " + ingestUrl + " is unreachable (" + e + "); start it with "
                        + "`proofmesh ingest` or pass --ingest-url");
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(r.body());
            } catch (IOException e) {
                answer = JSON.createObjectNode();
            }
            if (r.statusCode() == 200) {
                long rotatedAt = answer.path("keyRotation").path("rotatedAt").asLong(m.issuedAt());
                System.out.println("rotated: node " + m.nodeId() + " now signs with " + answer.path("signingAddress").asText()
                        + " (rotatedAt " + rotatedAt + " = " + java.time.Instant.ofEpochMilli(rotatedAt) + ")");
                System.out.println("telemetry signed by " + m.previousSigningAddress() + " is refused from now on; "
                        + "switch the node agent to the new key");
                return 0;
            }
            String code = answer.path("code").asText("HTTP_" + r.statusCode());
            System.err.println("refused (HTTP " + r.statusCode() + " " + code + "): " + answer.path("message").asText(r.body())
                    + (answer.hasNonNull("field") ? " [" + answer.get("field").asText() + "]" : ""));
            String hint = switch (code) {
                case "OPERATOR_SIGNATURE_INVALID" -> "the operator key must be the key of the node's registered operatorAddress";
                case "STALE_ROTATION" -> "pass --previous-signing-address with the node's current signing address "
                        + "(a rotation cannot be replayed; run the command again for a fresh one)";
                case "WRONG_DOMAIN" -> "pass the deployment's --network and --chain-id";
                case "CLOCK_SKEW" -> "this machine's clock is off; fix it (NTP) and run the command again";
                case "UNKNOWN_NODE" -> "register the node first: proofmesh nodes register";
                case "KAFKA_UNAVAILABLE", "RATE_LIMITED_SOURCE" -> "try again in a few seconds";
                default -> null;
            };
            if (hint != null) {
                System.err.println("next: " + hint);
            }
            return 1;
        }

        /** The key from its file or variable; the key itself never appears in a message. */
        private static MessageSigner key(String which, Path file, String env) {
            String where = file != null ? "the " + which + " key file " + file : "the environment variable " + env;
            String hex;
            if (file != null) {
                try {
                    hex = Files.readString(file, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new ConfigException("cannot read " + where + ": " + e.getMessage());
                }
            } else {
                hex = System.getenv(env);
                if (hex == null || hex.isBlank()) {
                    throw new ConfigException(where + " is not set (it must hold the " + which + " private key)");
                }
                hex = hex.trim();
            }
            try {
                MessageSigner signer = MessageSigner.fromPrivateKeyHex(hex);
                if (new java.math.BigInteger(hex.replaceFirst("^0x", ""), 16).signum() == 0) {
                    throw new IllegalArgumentException("zero is no private key");
                }
                return signer;
            } catch (RuntimeException e) { // the message never includes the key
                throw new ConfigException(where + " does not hold a private key (32 bytes of hex, with or without 0x)");
            }
        }
    }
}
