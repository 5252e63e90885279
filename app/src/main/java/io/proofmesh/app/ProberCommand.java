package io.proofmesh.app;

import io.proofmesh.ingest.prober.ProberService;
import io.proofmesh.ingest.prober.ProberSettings;
import io.proofmesh.platform.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prober",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Measure every ACTIVE node's latency with signed challenges (PROTOCOL.md section 9), until Ctrl-C.",
            "",
            "Follows nodes.registry. Each node gets --probes-per-epoch challenges per epoch, evenly",
            "spaced at a random per-node phase: a 32-byte nonce is POSTed to the node's probeEndpoint,",
            "the node answers with its signature over the challenge, and the round trip is timed.",
            "Every result (OK, TIMEOUT, BAD_SIGNATURE, CONNECT_ERROR, BAD_RESPONSE) goes to",
            "telemetry.probes, signed by the prober's key, so anyone can re-verify it from the topic.",
            "",
            "  /health  /metrics   on --http-port (default 8085)",
            "",
            "The signing key (hex secp256k1 private key) comes from the environment or a file, never a flag:",
            "  PROOFMESH_PROBER_KEY or --key-file FILE (prober.key-file). Without one a throw-away key",
            "  is generated (dev only: nobody can tell its results from a forger's).",
            "Epochs: epoch.genesis, epoch.length, epoch.grace must be the deployment's (same on every service).",
            "Needs the topics nodes.registry and telemetry.probes: `proofmesh topics --create` (dev does it).",
        },
        footer = {"", "Examples:",
            "  proofmesh prober                                   # beside `proofmesh dev` and `proofmesh ingest`",
            "  PROOFMESH_PROBER_KEY=$(cat /run/secrets/prober) proofmesh prober --prober-id prober-eu-1",
            "  proofmesh prober --key-file /run/secrets/prober --probes-per-epoch 60 --timeout 1s",
            "  proofmesh prober --set epoch.length=10s --set epoch.grace=2s     # short epochs for a demo"})
final class ProberCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of /health and /metrics (default 8085).")
    Integer httpPort;

    @Option(names = "--prober-id", paramLabel = "ID",
            description = "This prober's id, 1-64 of a-z 0-9 . _ - (default prober-<pid>); recorded with every result.")
    String proberId;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "File holding the prober's hex private key (or set PROOFMESH_PROBER_KEY).")
    Path keyFile;

    @Option(names = "--network", paramLabel = "NAME", description = "Signing domain: network name (default proofmesh-devnet).")
    String network;

    @Option(names = "--chain-id", paramLabel = "ID", description = "Signing domain: chain id (default 31337).")
    Long chainId;

    @Option(names = "--probes-per-epoch", paramLabel = "N", description = "Challenges per node per epoch (default 12).")
    Integer probesPerEpoch;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long a node has to answer, e.g. 2s or 500ms (default 2s); later is TIMEOUT.")
    String timeout;

    @Option(names = "--max-in-flight", paramLabel = "N",
            description = "Most challenges awaiting an answer at once (default 256); more wait their turn.")
    Integer maxInFlight;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new TreeMap<>();
        ServiceLauncher.put(flags, "http.port", httpPort);
        ServiceLauncher.put(flags, ProberSettings.ID, proberId);
        ServiceLauncher.put(flags, ProberSettings.KEY_FILE, keyFile);
        ServiceLauncher.put(flags, ProberSettings.NETWORK, network);
        ServiceLauncher.put(flags, ProberSettings.CHAIN_ID, chainId);
        ServiceLauncher.put(flags, ProberSettings.PROBES_PER_EPOCH, probesPerEpoch);
        ServiceLauncher.put(flags, ProberSettings.TIMEOUT, timeout);
        ServiceLauncher.put(flags, ProberSettings.MAX_IN_FLIGHT, maxInFlight);
        Settings settings = config.settings(ProberSettings.DEFAULTS, connection).with(flags);
        return ServiceLauncher.runUntilStopped("prober", "the prober", settings, ProberService::start);
    }

}
