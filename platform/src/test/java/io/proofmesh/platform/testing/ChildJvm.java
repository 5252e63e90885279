package io.proofmesh.platform.testing;

import io.proofmesh.platform.config.Settings;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A service in a JVM of its own, on this test's class path, for tests that kill it with SIGKILL
 * (no shutdown hook, no commit, no flush) and start it again. Both halves live here: the parent
 * starts the child with {@link #builder} and waits for its {@link Readiness}; the child's
 * {@code main} hands its service to {@link #serve}, which reads the settings the parent wrote and
 * prints {@link #READY}.
 *
 * <p>The class path goes by the {@code CLASSPATH} environment variable and the settings by a
 * properties file ({@code --config FILE}, which the app's commands read too), not on the command
 * line: ONNX Runtime 1.29's native init dies with SIGSEGV (exit 139, no hs_err) in a JVM whose
 * command line is longer than about 4 KB, and the test class path alone is ~13 KB. A file also
 * keeps settings out of {@code ps}.
 */
public final class ChildJvm implements AutoCloseable {

    /** What {@link #serve} prints once the service runs. */
    public static final String READY = "READY";
    /** 128 + 9: how a JVM killed by SIGKILL exits. */
    public static final int SIGKILL_EXIT = 137;
    /** ONNX Runtime's limit (see the class comment), with some room. */
    static final int MAX_COMMAND_LINE = 4_000;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName(), mainClass.getSimpleName());
    }

    public static Builder builder(String mainClass) {
        return new Builder(mainClass, mainClass.substring(mainClass.lastIndexOf('.') + 1));
    }

    /** When a starting child counts as up; asked every 100 ms until it says yes, the child exits or time runs out. */
    @FunctionalInterface
    public interface Readiness {

        boolean ready(ChildJvm child) throws Exception;

        /** The child printed {@code line} (a whole line), as {@link #serve} prints {@link #READY}. */
        static Readiness printed(String line) {
            return child -> child.logs().contains(line);
        }

        /** {@code GET healthUrl} (a service's {@code /health}) answers 200. */
        static Readiness healthy(URI healthUrl) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            return child -> {
                try {
                    HttpRequest get = HttpRequest.newBuilder(healthUrl).timeout(Duration.ofSeconds(5)).GET().build();
                    return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYetListening) {
                    return false;
                }
            };
        }
    }

    /** What a child runs: its service, started from the settings the parent passed. */
    @FunctionalInterface
    public interface Starter {
        AutoCloseable start(Settings settings, Consumer<String> progress) throws Exception;
    }

    public static final class Builder {
        private final String mainClass;
        private String name;
        private String maxHeap = "256m";
        private final List<String> systemProperties = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Settings settings;
        private Path log;
        private Readiness readiness = Readiness.printed(READY);

        private Builder(String mainClass, String name) {
            this.mainClass = mainClass;
            this.name = name;
        }

        /** How messages name the child; the main class's simple name unless set. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** {@code -Xmx}, e.g. {@code 384m}: two cores and several JVMs share the machine. */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.add("-D" + key + "=" + value);
            return this;
        }

        /** Arguments to {@code main}, before {@code --config FILE} when there are settings. */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** Written to a file next to the log (owner-only) and passed as {@code --config FILE}. */
        public Builder settings(Settings settings) {
            this.settings = settings;
            return this;
        }

        /** Added to (or replacing) this JVM's environment, which the child inherits. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Where the child's stdout and stderr go (required); its directory is created. */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        /** When the child is up; {@code printed(READY)} unless set. */
        public Builder readyWhen(Readiness readiness) {
            this.readiness = readiness;
            return this;
        }

        /** Starts the child and returns once it is ready, or fails with its log's tail (the child killed). */
        public ChildJvm start(Duration timeout) throws IOException, InterruptedException {
            if (log == null) {
                throw new IllegalStateException("a child JVM needs a log file: call log(Path)");
            }
            Files.createDirectories(log.toAbsolutePath().getParent());
            List<String> cmd = command();
            int length = String.join(" ", cmd).length();
            if (length > MAX_COMMAND_LINE) {
                throw new IllegalArgumentException("the " + name + " command line is " + length + " characters; ONNX Runtime "
                        + "crashes beyond ~4 KB: pass values as settings (a file) or env, not args or system properties");
            }
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            ChildJvm child = new ChildJvm(name, builder.start(), log);
            try {
                child.awaitReady(readiness, timeout);
            } catch (RuntimeException | InterruptedException e) {
                child.close();
                throw e;
            } catch (Exception e) {
                child.close();
                throw new IllegalStateException("asking whether " + name + " is ready failed: " + e + "\n" + child.tail(), e);
            }
            return child;
        }

        private List<String> command() throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx" + maxHeap);
            cmd.addAll(systemProperties);
            cmd.add(mainClass);
            cmd.addAll(args);
            if (settings != null) {
                cmd.add("--config");
                cmd.add(writeSettings().toString());
            }
            return cmd;
        }

        private Path writeSettings() throws IOException {
            Path file = log.resolveSibling(log.getFileName() + ".settings.properties");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Properties p = new Properties();
            p.putAll(settings.asMap());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "settings of the child JVM " + name);
            }
            return file.toAbsolutePath();
        }
    }

    private void awaitReady(Readiness readiness, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!readiness.ready(this)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready:\n" + tail());
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(name + " not ready within " + timeout.toMillis() + " ms:\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The child's output so far, line by line. */
    public List<String> logs() {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList() : List.of();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the log of " + name + " at " + log + ": " + e, e);
        }
    }

    /** The last 40 lines of the log, to show why a child failed. */
    public String tail() {
        List<String> lines = logs();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /**
     * SIGKILL (on Linux): no shutdown hook, no commit, no flush. Fails unless the child was running
     * and died of the signal (exit {@value #SIGKILL_EXIT}); returns that exit code.
     */
    public int kill9() throws InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " had already exited with " + process.exitValue()
                    + " when it was to be killed:\n" + tail());
        }
        process.toHandle().destroyForcibly();
        int exit = awaitExit("SIGKILL");
        if (exit != SIGKILL_EXIT) {
            throw new IllegalStateException(name + " exited with " + exit + ", not " + SIGKILL_EXIT + " (SIGKILL):\n" + tail());
        }
        return exit;
    }

    /**
     * SIGTERM: a clean close through the child's shutdown hook (exit 143), SIGKILL if that takes
     * longer than 30 s. Returns the exit code.
     */
    public int stop() throws InterruptedException {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.toHandle().destroyForcibly();
        }
        return awaitExit("SIGTERM and SIGKILL");
    }

    private int awaitExit(String signal) throws InterruptedException {
        if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived " + signal + " for "
                    + EXIT_WAIT.toSeconds() + " s");
        }
        return process.exitValue();
    }

    /** Kills the child if it still runs (for finally blocks; a test that means to stop it calls {@link #stop}). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The child's half, for its {@code main}: reads the settings ({@code --config FILE}, then any
     * {@code --set key=value}), starts the service, prints {@link #READY} and serves until killed;
     * SIGTERM closes the service. A start that throws prints {@code FAILED} and exits 1.
     */
    public static void serve(String[] args, String name, Starter starter) throws InterruptedException {
        AutoCloseable service;
        try {
            service = starter.start(parseSettings(args), msg -> System.out.println("[" + name + "] " + msg));
        } catch (Exception e) {
            System.out.println("FAILED: " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.out.println("[" + name + "] while closing: " + e);
            }
        }, name + "-shutdown"));
        System.out.println(READY);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    static Settings parseSettings(String[] args) {
        Settings.Builder settings = Settings.builder();
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.equals("--config") && !option.equals("--set")) {
                throw new IllegalArgumentException("expected --config FILE or --set key=value, got '" + option + "'");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            if (option.equals("--config")) {
                settings.file(Path.of(value));
            } else {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set expects key=value, got '" + value + "'");
                }
                flags.put(value.substring(0, eq), value.substring(eq + 1));
            }
        }
        return settings.flags(flags).build();
    }
}
