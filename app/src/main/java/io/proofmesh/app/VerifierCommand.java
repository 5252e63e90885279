package io.proofmesh.app;

import io.proofmesh.inference.verifier.VerifierService;
import io.proofmesh.inference.verifier.VerifierSettings;
import io.proofmesh.platform.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verifier",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Re-run a secret sample of the nodes' job results and inject canary jobs, until Ctrl-C.",
            "",
            "Follows jobs.requests (to know each job's inputs) and jobs.results. A result is",
            "re-executed when keccak256(jobId || seed) falls in the --sample-ppm share (the seed is",
            "secret, so nodes cannot tell which results are checked) or when it answers a canary:",
            "a job the verifier submitted itself, shaped like recent real jobs, whose outputs it",
            "knows. Each check writes a JobVerification (MATCH | MISMATCH, max abs diff, the",
            "model's tolerance, canary or not) to jobs.verifications, keyed by nodeId; the scoring",
            "processor folds them into each node's reputation. A node that corrupts every result",
            "is caught within ceil(ln d / ln(1 - p')) results with probability 1 - d (PROTOCOL.md",
            "13.6). One verifier per deployment: its canary memory is its own.",
            "",
            "/health and /metrics on --http-port (default 8086). The seed comes from",
            "PROOFMESH_VERIFIER_SEED or --seed-file, never a flag.",
        },
        footer = {"", "Examples:",
            "  PROOFMESH_VERIFIER_SEED=$(openssl rand -hex 32) proofmesh verifier",
            "  proofmesh verifier --seed-file /run/secrets/seed --sample-ppm 50000 --canary-interval 10s"})
final class VerifierCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of /health and /metrics (default 8086).")
    Integer httpPort;

    @Option(names = "--seed-file", paramLabel = "FILE", description = "File with the secret sampling seed.")
    Path seedFile;

    @Option(names = "--sample-ppm", paramLabel = "PPM", description = "Share of results re-run, ppm (default 100000 = 10 %).")
    Integer samplePpm;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "The verifier's own model catalogue (default: dev).")
    Path modelsDir;

    @Option(names = "--canary-interval", paramLabel = "DURATION", description = "Mean time between canaries (default 30s; 0s off).")
    String canaryInterval;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new TreeMap<>();
        ServiceLauncher.put(flags, "http.port", httpPort);
        ServiceLauncher.put(flags, VerifierSettings.SEED_FILE, seedFile);
        ServiceLauncher.put(flags, VerifierSettings.SAMPLE_PPM, samplePpm);
        ServiceLauncher.put(flags, VerifierSettings.MODELS_DIR, modelsDir);
        ServiceLauncher.put(flags, VerifierSettings.CANARY_INTERVAL, canaryInterval);
        Settings settings = config.settings(VerifierSettings.DEFAULTS, connection).with(flags);
        return ServiceLauncher.runUntilStopped("verifier", "the verifier", settings, VerifierService::start);
    }

}
