package io.proofmesh.app;

import picocli.CommandLine.Option;

/** Where an existing Kafka cluster, schema registry and chain are (commands that connect rather than start). */
final class ConnectionOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: localhost:9092, the dev stack).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry base URL (default: http://localhost:8081/apis/ccompat/v7).")
    String registryUrl;

    @Option(names = "--chain-rpc-url", paramLabel = "URL",
            description = "EVM JSON-RPC endpoint (default: http://localhost:8545, anvil in the dev stack).")
    String chainRpcUrl;
}
