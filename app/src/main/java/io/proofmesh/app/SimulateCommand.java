package io.proofmesh.app;

import io.proofmesh.ingest.admin.AdminToken;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.simulator.fleet.FleetConfig;
import io.proofmesh.simulator.fleet.FleetRegistrar;
import io.proofmesh.simulator.fleet.FleetReport;
import io.proofmesh.simulator.fleet.FleetSimulator;
import io.proofmesh.simulator.fleet.ProfileMix;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Run a fleet of simulated nodes against a running ingest, then print what ingest",
            "accepted and what it refused, by reason.",
            "",
            "Each node has a key derived from --seed (a rerun registers the same nodes), is",
            "registered through ingest's admin API, answers latency probes on one shared HTTP",
            "server (POST /probe/{nodeId} on --probe-port), and sends signed heartbeats (and",
            "now and then a capacity report) through the node SDK, which retries 429/503",
            "after Retry-After and verifies every receipt. Profiles (--mix):",
            "  honest    every heartbeat on time",
            "  flaky     misses about half of its heartbeats",
            "  slow      answers probes only after a long delay",
            "  replayer  re-sends its first signed body      -> expect 409 REPLAYED / STALE_SEQ",
            "  forger    wrong key, or body changed after signing -> expect 401 SIGNER_MISMATCH",
            "  skewed    clock 15 min off                    -> expect 422 CLOCK_SKEW",
            "",
            "The admin token comes from PROOFMESH_ADMIN_TOKEN or --admin-token-file, never a flag.",
            "Exit code 1 if ingest accepted any forged, tampered or replayed body (or a receipt",
            "did not verify); 0 otherwise.",
        },
        footer = {"", "Examples:",
            "  export PROOFMESH_ADMIN_TOKEN=...           # the token ingest was started with",
            "  proofmesh simulate --nodes 100 --duration 60s",
            "  proofmesh simulate --nodes 10000 --duration 2m --heartbeat-interval 30s \\",
            "      --mix honest=90,forger=5,replayer=5 --receipts-file receipts.jsonl",
            "",
            "Large fleets come from one address: raise ingest's per-source limit for them,",
            "e.g. proofmesh ingest --set ingest.rate.source-per-second=5000."})
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--nodes", defaultValue = "100", description = "Nodes to simulate (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "DURATION",
            description = "How long the nodes send, e.g. 30s, 5m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--mix", defaultValue = ProfileMix.DEFAULT, paramLabel = "PROFILE=WEIGHT,...",
            description = "Profile weights (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--seed", defaultValue = "1", description = "Key seed; the same seed gives the same nodes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ingest-url", defaultValue = "http://localhost:8080", paramLabel = "URL",
            description = "Ingest base URL (default: ${DEFAULT-VALUE}).")
    String ingestUrl;

    @Option(names = "--admin-token-file", paramLabel = "FILE", description = "File holding ingest's admin token.")
    Path adminTokenFile;

    @Option(names = "--ingest-address", paramLabel = "0xADDRESS",
            description = "Require receipts to be signed by this address (ingest prints it at start-up).")
    String ingestAddress;

    @Option(names = "--network", defaultValue = "proofmesh-devnet", description = "Signing domain network (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--chain-id", defaultValue = "31337", description = "Signing domain chain id (default: ${DEFAULT-VALUE}).")
    long chainId;

    @Option(names = "--probe-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address the probe server binds and registers (the prober must reach it; default: ${DEFAULT-VALUE}).")
    String probeHost;

    @Option(names = "--probe-port", defaultValue = "0", paramLabel = "PORT",
            description = "Probe server port; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int probePort;

    @Option(names = "--heartbeat-interval", defaultValue = "5s", paramLabel = "DURATION",
            description = "Each node's heartbeat interval (default: ${DEFAULT-VALUE}).")
    String heartbeatInterval;

    @Option(names = "--receipts-file", paramLabel = "FILE",
            description = "Append every receipt (exact body + ingest's signature) as a JSON line.")
    Path receiptsFile;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("simulate.duration", duration);
        flags.put("simulate.heartbeat-interval", heartbeatInterval);
        Settings s = config.settings(Map.of(AdminToken.TOKEN, "", AdminToken.TOKEN_FILE, "")).with(flags);
        ProfileMix profileMix;
        try {
            profileMix = ProfileMix.parse(mix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--mix: " + e.getMessage());
        }
        FleetConfig cfg;
        try {
            cfg = FleetConfig.of(nodes, s.getDuration("simulate.duration", Duration.ofSeconds(60)), ingestUrl, token(s))
                    .withMix(profileMix).withSeed(seed)
                    .withHeartbeatInterval(s.getDuration("simulate.heartbeat-interval", Duration.ofSeconds(5)))
                    .withDomain(new SigningDomain(network, chainId)).withProbe(probeHost, probePort)
                    .withExpectedIngestAddress(Optional.ofNullable(ingestAddress).map(String::toLowerCase))
                    .withReceiptsFile(Optional.ofNullable(receiptsFile));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        FleetReport report = run(cfg, out);
        return report.clean() ? 0 : 1;
    }

    /** Prepares, runs and prints a fleet; shared with {@code proofmesh demo}. */
    static FleetReport run(FleetConfig cfg, PrintStream out) throws Exception {
        try (FleetSimulator fleet = FleetSimulator.prepare(cfg, m -> out.println("  " + m))) {
            FleetReport report = fleet.run();
            out.println();
            report.print(out);
            out.println(report.clean()
                    ? "simulation OK: nothing forged, tampered or replayed was accepted; every receipt verified."
                    : "simulation FAILED: ingest accepted forged/tampered or replayed bodies, or a receipt did not verify.");
            return report;
        } catch (FleetRegistrar.RegistrationException e) {
            throw new ConfigException(e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private String token(Settings s) {
        if (adminTokenFile != null) {
            return readFile(adminTokenFile.toString());
        }
        return s.find(AdminToken.TOKEN)
                .or(() -> s.find(AdminToken.TOKEN_FILE).map(SimulateCommand::readFile))
                .orElseThrow(() -> new ConfigException("no admin token: set PROOFMESH_ADMIN_TOKEN or pass --admin-token-file FILE "
                        + "(the token ingest was started with; registration needs it)"));
    }

    private static String readFile(String f) {
        try {
            return Files.readString(Path.of(f), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new ConfigException("cannot read the token file " + f + ": " + e.getMessage());
        }
    }
}
