package io.proofmesh.platform.devstack;

import io.proofmesh.platform.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the DevStack starts and where. Defaults are the fixed ports of DESIGN.md so tools like
 * kcat and KafkaJS connect without flags; tests take free ports instead ({@link #forTests}).
 *
 * @param wipe delete the data dir before starting (else Kafka's log, the registry's database
 *             and anvil's chain state are reused)
 * @param brokerOverrides extra {@code server.properties} entries
 * @param anvilBlockTime seconds between blocks; empty = automine (one block per transaction)
 */
public record DevStackConfig(
        Path dataDir,
        int kafkaPort,
        int controllerPort,
        int registryPort,
        int anvilPort,
        long chainId,
        boolean wipe,
        boolean startRegistry,
        boolean startAnvil,
        Optional<Integer> anvilBlockTime,
        Map<String, String> brokerOverrides,
        Optional<Path> registryJar,
        Optional<Path> anvilBinary,
        Duration startTimeout) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_REGISTRY_PORT = 8081;
    public static final int DEFAULT_ANVIL_PORT = 8545;
    public static final long DEFAULT_CHAIN_ID = 31337;

    public DevStackConfig {
        brokerOverrides = Map.copyOf(brokerOverrides);
    }

    /** The defaults: fixed ports, data under {@code ./.proofmesh/devstack}, reused across starts. */
    public static DevStackConfig defaults() {
        return new DevStackConfig(Path.of(".proofmesh", "devstack").toAbsolutePath(), DEFAULT_KAFKA_PORT,
                DEFAULT_CONTROLLER_PORT, DEFAULT_REGISTRY_PORT, DEFAULT_ANVIL_PORT, DEFAULT_CHAIN_ID, false, true, true,
                Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Duration.ofSeconds(90));
    }

    /**
     * Reads {@code devstack.*} settings: data-dir, kafka-port, controller-port, registry-port,
     * anvil-port, chain-id, wipe, anvil-block-time, registry-jar, anvil; and
     * {@code devstack.broker.*} as extra broker properties.
     */
    public static DevStackConfig from(Settings s) {
        DevStackConfig d = defaults();
        Map<String, String> broker = new LinkedHashMap<>(s.withPrefix("devstack.broker."));
        return new DevStackConfig(
                s.getPath("devstack.data-dir", d.dataDir()).toAbsolutePath(),
                s.getInt("devstack.kafka-port", d.kafkaPort()),
                s.getInt("devstack.controller-port", d.controllerPort()),
                s.getInt("devstack.registry-port", d.registryPort()),
                s.getInt("devstack.anvil-port", d.anvilPort()),
                s.getLong("devstack.chain-id", d.chainId()),
                s.getBoolean("devstack.wipe", d.wipe()),
                s.getBoolean("devstack.registry", true),
                s.getBoolean("devstack.anvil-enabled", true),
                s.find("devstack.anvil-block-time").map(Integer::parseInt),
                broker,
                s.find("devstack.registry-jar").map(Path::of),
                s.find("devstack.anvil").map(Path::of),
                s.getDuration("devstack.start-timeout", d.startTimeout()));
    }

    /**
     * Free ports, a fresh data dir, and the fast crash-test profile of DESIGN.md on the broker:
     * no initial rebalance delay, short transaction timeouts allowed.
     */
    public static DevStackConfig forTests(Path dataDir) {
        Map<String, String> broker = new LinkedHashMap<>();
        broker.put("group.initial.rebalance.delay.ms", "0");
        broker.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "2000");
        broker.put("transaction.remove.expired.transaction.cleanup.interval.ms", "10000");
        broker.put("group.consumer.session.timeout.ms", "6000");
        broker.put("group.consumer.min.session.timeout.ms", "1000");
        broker.put("group.min.session.timeout.ms", "1000");
        return new DevStackConfig(dataDir.toAbsolutePath(), Ports.freePort(), Ports.freePort(), Ports.freePort(),
                Ports.freePort(), DEFAULT_CHAIN_ID, true, true, true,
                Optional.of(1), // DESIGN: confirmations are awaited against a chain that mines every second
                broker, Optional.empty(),
                Optional.empty(), Duration.ofSeconds(120));
    }

    public DevStackConfig withAnvilBlockTime(int seconds) {
        return new DevStackConfig(dataDir, kafkaPort, controllerPort, registryPort, anvilPort, chainId, wipe,
                startRegistry, startAnvil, Optional.of(seconds), brokerOverrides, registryJar, anvilBinary, startTimeout);
    }

    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    public String registryUrl() {
        return "http://localhost:" + registryPort + "/apis/ccompat/v7";
    }

    public String chainRpcUrl() {
        return "http://localhost:" + anvilPort;
    }
}
