package io.proofmesh.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** Options of the commands that start the dev stack (dev, demo); they become devstack.* settings. */
final class DevStackOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where Kafka, the registry and anvil keep data and logs (dev: .proofmesh/devstack, demo: .proofmesh/demo).")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka broker port (default 9092).")
    Integer kafkaPort;

    @Option(names = "--controller-port", paramLabel = "PORT", description = "KRaft controller port (default 9093).")
    Integer controllerPort;

    @Option(names = "--registry-port", paramLabel = "PORT", description = "Schema registry port (default 8081).")
    Integer registryPort;

    @Option(names = "--anvil-port", paramLabel = "PORT", description = "anvil JSON-RPC port (default 8545).")
    Integer anvilPort;

    @Option(names = "--wipe", description = "Delete the data dir's Kafka log, registry database and chain state first.")
    Boolean wipe;

    @Option(names = "--anvil-block-time", paramLabel = "SECONDS", description = "Mine a block every N seconds instead of one per transaction.")
    Integer anvilBlockTime;

    Map<String, String> asSettings() {
        Map<String, String> m = new TreeMap<>();
        if (dataDir != null) {
            m.put("devstack.data-dir", dataDir.toString());
        }
        put(m, "devstack.kafka-port", kafkaPort);
        put(m, "devstack.controller-port", controllerPort);
        put(m, "devstack.registry-port", registryPort);
        put(m, "devstack.anvil-port", anvilPort);
        put(m, "devstack.wipe", wipe);
        put(m, "devstack.anvil-block-time", anvilBlockTime);
        return m;
    }

    private static void put(Map<String, String> m, String key, Object v) {
        if (v != null) {
            m.put(key, v.toString());
        }
    }
}
