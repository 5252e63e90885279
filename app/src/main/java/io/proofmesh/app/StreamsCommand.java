package io.proofmesh.app;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.streams.service.StreamsService;
import io.proofmesh.streams.service.StreamsSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "streams",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Score every node per epoch with Kafka Streams (exactly once) and answer",
            "queries, until Ctrl-C.",
            "",
            "Reads the telemetry topics, jobs.results, jobs.verifications,",
            "nodes.registry, telemetry.rejected and clock.ticks. Per node and epoch:",
            "  - duplicates of (nodeId, seq, eventIndex) are dropped (telemetry.rejected,",
            "    reason DUPLICATE);",
            "  - an event counts iff its broker append time < epoch end + grace, else it",
            "    goes to telemetry.late;",
            "  - a tick appended at or after end + grace + margin closes the epoch on its",
            "    partition: one NodeEpochScore per node to scores.epoch, then the",
            "    partition's marker to epochs.closed.",
            "Scores follow the governance-signed policy in force (config.scoring-policy,",
            "PROTOCOL.md sections 11 and 12).",
            "",
            "Query API, /health, /metrics on --http-port (default 8082).",
            "Several instances with one --application-id share the partitions; each",
            "advertises a host:port the others reach (--advertised-host), and any of",
            "them answers any query.",
            "epoch.genesis, epoch.length, epoch.grace must be the deployment's.",
        },
        footer = {"", "Examples:",
            "  proofmesh streams                                  # beside `proofmesh dev`, `ingest` and `prober`",
            "  proofmesh streams --instance-id s2 --http-port 8092 --state-dir /var/lib/proofmesh/s2",
            "  proofmesh streams --governance-address 0x... --set network.name=mainnet --set network.chain-id=1",
            "  proofmesh streams --set epoch.length=10s --set epoch.grace=2s --set scoring.close-margin=500ms"})
final class StreamsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the query API, /health and /metrics (default 8082).")
    Integer httpPort;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id shared by all instances (default proofmesh-scoring).")
    String applicationId;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "This instance's id, recorded in epochs.closed (default streams-<host name>).")
    String instanceId;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where RocksDB state lives (default ./.proofmesh/streams/<app>/<instance>); keep it across restarts.")
    Path stateDir;

    @Option(names = "--advertised-host", paramLabel = "HOST",
            description = "Host other instances use to reach this one's query API (default 127.0.0.1).")
    String advertisedHost;

    @Option(names = "--standby-replicas", paramLabel = "N", description = "Warm copies of each task's state on other instances (default 0).")
    Integer standbyReplicas;

    @Option(names = "--governance-address", paramLabel = "ADDRESS",
            description = "Address whose signature makes a scoring policy valid (default: the dev key, on proofmesh-devnet only).")
    String governanceAddress;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new TreeMap<>();
        ServiceLauncher.put(flags, "http.port", httpPort);
        ServiceLauncher.put(flags, StreamsSettings.APPLICATION_ID, applicationId);
        ServiceLauncher.put(flags, StreamsSettings.INSTANCE_ID, instanceId);
        ServiceLauncher.put(flags, StreamsSettings.STATE_DIR, stateDir);
        ServiceLauncher.put(flags, StreamsSettings.ADVERTISED_HOST, advertisedHost);
        ServiceLauncher.put(flags, StreamsSettings.STANDBY_REPLICAS, standbyReplicas);
        ServiceLauncher.put(flags, StreamsSettings.GOVERNANCE, governanceAddress);
        Settings settings = config.settings(StreamsSettings.DEFAULTS, connection).with(flags);
        return ServiceLauncher.runUntilStopped("streams", "the processor (committing the open transaction)", settings, StreamsService::start);
    }

}
