package io.proofmesh.platform.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The real infrastructure for development and tests, started on this machine: a KRaft Kafka
 * broker (child JVM running {@link KafkaBrokerMain}), the Apicurio schema registry (its
 * Confluent-compatible API at {@code /apis/ccompat/v7}) and anvil. Everything lives under one
 * data dir; child pids are recorded there so a later start cleans up after a killed one.
 *
 * <p>Closing it (or JVM exit, or Ctrl-C) stops every child and frees every port.
 */
public final class DevStack implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(6);

    private final DevStackConfig config;
    private final Consumer<String> progress;
    private final PidFile pidFile;
    private final List<ChildProcess> children = new ArrayList<>();
    private FileChannel lockChannel;
    private FileLock lock;
    private Thread shutdownHook;
    private volatile boolean closed;

    private DevStack(DevStackConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
        this.pidFile = new PidFile(config.dataDir().resolve("devstack.pids"));
    }

    /** Starts everything and waits until each part answers; on any failure stops what was started. */
    public static DevStack start(DevStackConfig config, Consumer<String> progress) {
        DevStack stack = new DevStack(config, progress);
        try {
            stack.doStart();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public DevStackConfig config() {
        return config;
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public String registryUrl() {
        return config.registryUrl();
    }

    public String chainRpcUrl() {
        return config.chainRpcUrl();
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /** The pids of the running infrastructure processes (for tests that check nothing is left behind). */
    public List<Long> childPids() {
        return children.stream().map(ChildProcess::pid).toList();
    }

    /** The URLs to print for a person. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("  Kafka broker     ").append(bootstrapServers()).append('\n');
        if (config.startRegistry()) {
            sb.append("  Schema registry  ").append(registryUrl()).append("   (Confluent API)\n");
        }
        if (config.startAnvil()) {
            sb.append("  Chain (anvil)    ").append(chainRpcUrl()).append("   chainId ").append(config.chainId()).append('\n');
        }
        sb.append("  Data & logs      ").append(config.dataDir()).append('\n');
        return sb.toString();
    }

    /**
     * Stops the Kafka broker (SIGTERM, SIGKILL after the grace period) and leaves the rest up:
     * for tests of what clients do during a broker outage. {@link #startBroker} brings it back.
     */
    public synchronized void stopBroker() {
        ChildProcess kafka = children.stream().filter(c -> c.name().equals("kafka")).findFirst()
                .orElseThrow(() -> new DevStackException("the Kafka broker is not running"));
        kafka.stop(STOP_GRACE);
        children.remove(kafka);
        progress.accept("Kafka broker stopped");
    }

    /** Starts the broker again on the same ports and data dir, and waits until it answers. */
    public synchronized void startBroker() {
        if (children.stream().anyMatch(c -> c.name().equals("kafka"))) {
            throw new DevStackException("the Kafka broker is already running");
        }
        long t0 = System.nanoTime();
        ChildProcess kafka = launch("kafka", kafkaCommand());
        waitFor(kafka, new Deadline(config.startTimeout()), this::kafkaReady);
        progress.accept(String.format("Kafka broker back up in %.1f s", (System.nanoTime() - t0) / 1e9));
    }

    private void doStart() {
        long t0 = System.nanoTime();
        prepareDataDir();
        Ports.requireFree(config.kafkaPort(), "Kafka broker", "--kafka-port");
        Ports.requireFree(config.controllerPort(), "Kafka KRaft controller", "--controller-port");
        if (config.startRegistry()) {
            Ports.requireFree(config.registryPort(), "schema registry", "--registry-port");
        }
        if (config.startAnvil()) {
            Ports.requireFree(config.anvilPort(), "anvil", "--anvil-port");
        }
        shutdownHook = new Thread(this::close, "devstack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        // Launch all three at once (they are independent), then wait for each in order.
        ChildProcess kafka = launch("kafka", kafkaCommand());
        ChildProcess registry = config.startRegistry() ? launch("registry", registryCommand()) : null;
        ChildProcess anvil = config.startAnvil() ? launch("anvil", anvilCommand()) : null;

        Deadline deadline = new Deadline(config.startTimeout());
        progress.accept("waiting for Kafka on " + bootstrapServers() + " ...");
        waitFor(kafka, deadline, this::kafkaReady);
        if (registry != null) {
            progress.accept("waiting for the schema registry on " + registryUrl() + " ...");
            waitFor(registry, deadline, this::registryReady);
        }
        if (anvil != null) {
            progress.accept("waiting for anvil on " + chainRpcUrl() + " ...");
            waitFor(anvil, deadline, this::anvilReady);
        }
        progress.accept(String.format("dev stack up in %.1f s", (System.nanoTime() - t0) / 1e9));
    }

    private void prepareDataDir() {
        Path dir = config.dataDir();
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("devstack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by another DevStack in this same JVM
        } catch (IOException e) {
            throw new DevStackException("cannot use data dir " + dir + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            throw new DevStackException("data dir " + dir + " is in use by another running dev stack; stop it, "
                    + "or pick another directory with --data-dir");
        }
        List<PidFile.Entry> killed = pidFile.killLeftovers();
        killed.forEach(e -> progress.accept("stopped " + e.name() + " (pid " + e.pid() + ") left over from an earlier run"));
        if (config.wipe()) {
            for (String sub : List.of("kafka", "registry", "anvil", "logs")) {
                deleteTree(dir.resolve(sub));
            }
        }
    }

    private ChildProcess launch(String name, List<String> command) {
        ChildProcess p = ChildProcess.start(name, command, config.dataDir(),
                config.dataDir().resolve("logs").resolve(name + ".log"));
        children.add(p);
        pidFile.add(name, p.handle());
        return p;
    }

    private List<String> kafkaCommand() {
        Path props = config.dataDir().resolve("kafka-server.properties");
        Path logback = config.dataDir().resolve("kafka-logback.xml");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + config.controllerPort());
        p.put("listeners", "PLAINTEXT://localhost:" + config.kafkaPort() + ",CONTROLLER://localhost:" + config.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + config.kafkaPort());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", config.dataDir().resolve("kafka").toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // One broker: internal topics must not ask for more replicas than exist (FACTS.md).
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.retention.check.interval.ms", "60000");
        p.putAll(config.brokerOverrides());
        StringBuilder sb = new StringBuilder("# written by the proofmesh DevStack on each start\n");
        p.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        try {
            Files.writeString(props, sb.toString(), StandardCharsets.UTF_8);
            Files.writeString(logback, BROKER_LOGBACK, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Xms128m");
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dlogback.configurationFile=" + logback);
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add(KafkaBrokerMain.class.getName());
        cmd.add(props.toString());
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        return cmd;
    }

    private List<String> registryCommand() {
        Path jar = ToolLocator.registryJar(config.registryJar());
        return List.of(javaBinary(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + config.registryPort(),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + config.dataDir().resolve("registry").resolve("db").toAbsolutePath()
                        + ";DB_CLOSE_ON_EXIT=FALSE",
                "-jar", jar.toString());
    }

    private List<String> anvilCommand() {
        Path anvil = ToolLocator.anvilBinary(config.anvilBinary());
        try {
            Files.createDirectories(config.dataDir().resolve("anvil")); // anvil does not create the state file's folder
        } catch (IOException e) {
            throw new DevStackException("cannot create " + config.dataDir().resolve("anvil") + ": " + e.getMessage(), e);
        }
        List<String> cmd = new ArrayList<>(List.of(anvil.toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(config.anvilPort()),
                "--chain-id", Long.toString(config.chainId()),
                "--state", config.dataDir().resolve("anvil").resolve("state.json").toString(),
                "--state-interval", "5")); // also dumped on SIGTERM; the interval bounds the loss on kill -9
        config.anvilBlockTime().ifPresent(bt -> cmd.addAll(List.of("--block-time", Integer.toString(bt))));
        return cmd;
    }

    /** The child runs in the data dir, so relative entries (java -jar app/target/...) must be made absolute. */
    private static String absoluteClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.isBlank())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(c -> c.endsWith("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private interface Probe {
        boolean ready();
    }

    private record Deadline(long atNanos) {
        Deadline(Duration d) {
            this(System.nanoTime() + d.toNanos());
        }

        boolean passed() {
            return System.nanoTime() > atNanos;
        }
    }

    private void waitFor(ChildProcess p, Deadline deadline, Probe probe) {
        while (true) {
            if (!p.isAlive()) {
                throw new DevStackException(p.name() + " exited with code " + p.exitValue() + " during start-up; "
                        + "its log " + p.logFile() + " ends with:\n" + p.tail(25));
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not ready yet
            }
            if (deadline.passed()) {
                throw new DevStackException(p.name() + " did not become ready within " + config.startTimeout().toSeconds()
                        + " s; its log " + p.logFile() + " ends with:\n" + p.tail(25));
            }
            sleep(150);
        }
    }

    private boolean kafkaReady() {
        if (!Ports.isListening(config.kafkaPort())) {
            return false; // don't let an admin client log connection warnings while the broker boots
        }
        Map<String, Object> c = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(c)) {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private boolean registryReady() {
        return httpOk(HttpRequest.newBuilder(URI.create(registryUrl() + "/subjects")).timeout(Duration.ofSeconds(2)).GET().build());
    }

    private boolean anvilReady() {
        return httpOk(HttpRequest.newBuilder(URI.create(chainRpcUrl())).timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                .build());
    }

    private static boolean httpOk(HttpRequest req) {
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops every child (SIGTERM, then SIGKILL after a grace period), in parallel; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        CompletableFuture.allOf(children.stream()
                        .map(c -> CompletableFuture.runAsync(() -> c.stop(STOP_GRACE)))
                        .toArray(CompletableFuture[]::new))
                .join();
        children.clear();
        pidFile.delete();
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // the lock dies with the process anyway
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new DevStackException("cannot wipe " + p + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while starting the dev stack");
        }
    }

    static final String BROKER_LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="org.apache.kafka" level="WARN"/>
              <logger name="kafka" level="WARN"/>
              <logger name="state.change.logger" level="WARN"/>
              <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
              <logger name="kafka.server.BrokerServer" level="INFO"/>
              <root level="INFO"><appender-ref ref="OUT"/></root>
            </configuration>
            """;
}
