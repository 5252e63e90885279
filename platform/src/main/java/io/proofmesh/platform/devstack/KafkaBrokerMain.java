package io.proofmesh.platform.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Entry point of the DevStack's Kafka child JVM: formats the KRaft log dir on first use,
 * then runs {@code kafka.Kafka}. It exits when the DevStack's JVM dies (even by kill -9),
 * so a crashed parent never leaves a broker holding the port.
 *
 * <p>Usage: {@code KafkaBrokerMain <server.properties> <parent pid>}
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerMain <server.properties> <parent pid>");
            System.exit(2);
        }
        Path config = Path.of(args[0]);
        long parentPid = Long.parseLong(args[1]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.err.println("DevStack parent " + parentPid + " exited; stopping the broker");
                    System.exit(0);
                }),
                () -> System.exit(0));

        formatIfNeeded(config);
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static void formatIfNeeded(Path config) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Path logDir = Path.of(p.getProperty("log.dirs"));
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        int rc = kafka.tools.StorageTool.execute(new String[] {
            "format", "--cluster-id", clusterId, "--config", config.toString(), "--ignore-formatted"
        }, new PrintStream(System.out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            System.err.println("formatting " + logDir + " failed with " + rc);
            System.exit(rc);
        }
    }
}
