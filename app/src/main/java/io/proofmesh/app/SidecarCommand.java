package io.proofmesh.app;

import io.proofmesh.inference.model.SessionSettings;
import io.proofmesh.inference.service.SidecarService;
import io.proofmesh.inference.service.SidecarSettings;
import io.proofmesh.platform.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sidecar",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Run inference jobs for one GPU node with ONNX Runtime, until Ctrl-C.",
            "",
            "Joins the sidecars' consumer group on jobs.requests. Each job is checked against",
            "the model catalogue (--models-dir: models.json + .onnx files, sha256-verified),",
            "run (micro-batched for batchable models), and its result - outputs, digest,",
            "queue and compute time, execution provider - signed with the node key and sent",
            "through ingest like all node data. A job's offset is committed only after",
            "ingest's 202. Bad jobs are answered, never retried forever: UNKNOWN_MODEL,",
            "INVALID_INPUT (the message names the tensor and rule), DEADLINE_EXCEEDED, FAILED.",
            "",
            "Job API, /health, /metrics on --http-port (default 8084).",
            "The node key comes from PROOFMESH_SIDECAR_NODE_KEY or --node-key-file, never",
            "a flag; it must be the key the node is registered with.",
            "Without --models-dir the dev catalogue is prepared in .proofmesh/models: the",
            "MLP built in the build and the MobileNetV3 classifier from npm.",
            "--device cuda needs a CUDA 12 + cuDNN 9 host and the onnxruntime_gpu jar",
            "(README, 'GPU'); --device auto falls back to CPU and records it.",
        },
        footer = {"", "Examples:",
            "  export PROOFMESH_SIDECAR_NODE_KEY=0x...            # the node's registered key",
            "  proofmesh sidecar --ingest-url http://localhost:8080",
            "  proofmesh sidecar --node-key-file node.key --models-dir /srv/models --device auto --http-port 8094"})
final class SidecarCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the job API, /health and /metrics (default 8084).")
    Integer httpPort;

    @Option(names = "--ingest-url", paramLabel = "URL", description = "Ingest, where results go (default http://localhost:8080).")
    String ingestUrl;

    @Option(names = "--node-key-file", paramLabel = "FILE", description = "File with the node's hex private key.")
    Path nodeKeyFile;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Model catalogue directory (models.json + files).")
    Path modelsDir;

    @Option(names = "--device", paramLabel = "cpu|cuda|auto", description = "Execution provider (default cpu).")
    String device;

    @Option(names = "--group", paramLabel = "ID", description = "Consumer group of the sidecars (default proofmesh-sidecars).")
    String group;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new TreeMap<>();
        ServiceLauncher.put(flags, "http.port", httpPort);
        ServiceLauncher.put(flags, SidecarSettings.INGEST_URL, ingestUrl);
        ServiceLauncher.put(flags, SidecarSettings.NODE_KEY_FILE, nodeKeyFile);
        ServiceLauncher.put(flags, SidecarSettings.MODELS_DIR, modelsDir);
        ServiceLauncher.put(flags, "inference.device", device);
        ServiceLauncher.put(flags, SidecarSettings.GROUP, group);
        Settings settings = config.settings(SidecarSettings.DEFAULTS, connection).with(flags);
        SessionSettings.from(settings); // a bad --device fails here, before anything starts
        return ServiceLauncher.runUntilStopped("sidecar", "the sidecar (finishing the jobs in hand)", settings, SidecarService::start);
    }

}
