package io.proofmesh.app;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.ingest.service.IngestService;
import io.proofmesh.ingest.service.IngestSettings;
import io.proofmesh.platform.config.Settings;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Run the signed-telemetry gateway (PROTOCOL.md) until Ctrl-C.",
            "",
            "  POST /v1/telemetry    signed heartbeats, capacity, job results -> Kafka;",
            "                        202 with a receipt signed by ingest",
            "  /v1/admin/nodes/...   register, suspend, activate, list nodes",
            "                        (bearer token PROOFMESH_ADMIN_TOKEN)",
            "  /openapi.json  /health  /metrics",
            "",
            "Follows nodes.registry live and ticks every partition of clock.ticks.",
            "Secrets come from the environment or files, never flags:",
            "  PROOFMESH_INGEST_RECEIPT_KEY or ingest.receipt-key-file (receipt key)",
            "  PROOFMESH_ADMIN_TOKEN or admin.token-file (admin API)",
            "Needs the catalogue's topics: `proofmesh topics --create` (dev does it).",
        },
        footer = {"", "Examples:",
            "  proofmesh ingest                       # beside `proofmesh dev`",
            "  PROOFMESH_ADMIN_TOKEN=$(cat /run/secrets/admin) \\",
            "    proofmesh ingest --network mainnet --chain-id 1",
            "  proofmesh ingest --set ingest.rate.node-per-second=2"})
final class IngestCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (default 8080).")
    Integer httpPort;

    @Option(names = "--network", paramLabel = "NAME", description = "Signing domain: network name (default proofmesh-devnet).")
    String network;

    @Option(names = "--chain-id", paramLabel = "ID", description = "Signing domain: chain id (default 31337).")
    Long chainId;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new TreeMap<>();
        if (httpPort != null) {
            flags.put("http.port", httpPort.toString());
        }
        if (network != null) {
            flags.put(CommonSettings.NETWORK_NAME, network);
        }
        if (chainId != null) {
            flags.put(CommonSettings.NETWORK_CHAIN_ID, chainId.toString());
        }
        Settings settings = config.settings(IngestSettings.DEFAULTS, connection).with(flags);
        return ServiceLauncher.runUntilStopped("ingest", "ingest", settings, IngestService::start);
    }
}
