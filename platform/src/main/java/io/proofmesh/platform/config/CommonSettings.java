package io.proofmesh.platform.config;

import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings every service shares: where Kafka, the schema registry and the chain are.
 * Defaults point at the DevStack's fixed ports, so {@code ./proofmesh dev} and any service
 * started beside it find each other with no flags.
 */
public record CommonSettings(String bootstrapServers, String registryUrl, String chainRpcUrl, Duration connectTimeout,
                             int nodePartitions) {

    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    public static final String REGISTRY_URL = "registry.url";
    public static final String CHAIN_RPC_URL = "chain.rpc-url";
    public static final String CONNECT_TIMEOUT = "connect.timeout";
    /** Partitions of the co-partitioned node topics (telemetry, ticks, scores...), all resized together. */
    public static final String NODE_PARTITIONS = "topics.node-partitions";
    /** The deployment's signing domain (PROTOCOL.md §1), one pair for every service that signs or checks signatures. */
    public static final String NETWORK_NAME = "network.name";
    public static final String NETWORK_CHAIN_ID = "network.chain-id";

    public static final Map<String, String> DEFAULTS = Map.of(
            KAFKA_BOOTSTRAP, "localhost:9092",
            REGISTRY_URL, "http://localhost:8081/apis/ccompat/v7",
            CHAIN_RPC_URL, "http://localhost:8545",
            CONNECT_TIMEOUT, "15s",
            NODE_PARTITIONS, Integer.toString(TopicCatalog.NODE_GROUP_PARTITIONS),
            NETWORK_NAME, SigningDomain.DEVNET.network(),
            NETWORK_CHAIN_ID, Long.toString(SigningDomain.DEVNET.chainId()));

    /** The signing domain every signed message of this deployment names; a bad value names its setting. */
    public static SigningDomain signingDomain(Settings s) {
        String network = s.get(NETWORK_NAME, SigningDomain.DEVNET.network());
        long chainId = s.getLong(NETWORK_CHAIN_ID, SigningDomain.DEVNET.chainId());
        try {
            return new SigningDomain(network, chainId);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("settings '" + NETWORK_NAME + "'/'" + NETWORK_CHAIN_ID + "': " + e.getMessage());
        }
    }

    public static CommonSettings from(Settings s) {
        return new CommonSettings(
                s.get(KAFKA_BOOTSTRAP, DEFAULTS.get(KAFKA_BOOTSTRAP)),
                s.get(REGISTRY_URL, DEFAULTS.get(REGISTRY_URL)),
                s.get(CHAIN_RPC_URL, DEFAULTS.get(CHAIN_RPC_URL)),
                s.getDuration(CONNECT_TIMEOUT, Duration.ofSeconds(15)),
                s.getInt(NODE_PARTITIONS, TopicCatalog.NODE_GROUP_PARTITIONS));
    }

    /** The topic catalogue as this deployment sizes it. */
    public List<TopicSpec> topics() {
        if (nodePartitions < 1) {
            throw new ConfigException("setting '" + NODE_PARTITIONS + "' must be at least 1, got " + nodePartitions);
        }
        return TopicCatalog.withNodePartitions(nodePartitions);
    }
}
