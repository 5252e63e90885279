package io.proofmesh.app;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options every command shares (a picocli mixin): --config and --set. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (key=value), e.g. kafka.bootstrap.servers=broker:9092.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set any setting, repeatable; kafka.* settings go to the Kafka clients as they are.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** defaults &lt; file &lt; environment &lt; flags. */
    Settings settings(Map<String, String> commandDefaults) {
        return settings(commandDefaults, null);
    }

    Settings settings(Map<String, String> commandDefaults, ConnectionOptions connection) {
        Settings.Builder b = Settings.builder().defaults(CommonSettings.DEFAULTS).defaults(commandDefaults);
        if (configFile != null) {
            b.file(configFile);
        }
        b.environment(System.getenv());
        b.flags(overrides);
        if (connection != null) {
            b.flag(CommonSettings.KAFKA_BOOTSTRAP, connection.bootstrapServers);
            b.flag(CommonSettings.REGISTRY_URL, connection.registryUrl);
            b.flag(CommonSettings.CHAIN_RPC_URL, connection.chainRpcUrl);
        }
        return b.build();
    }
}
