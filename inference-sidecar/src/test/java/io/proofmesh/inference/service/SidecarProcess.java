package io.proofmesh.inference.service;

import io.proofmesh.platform.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link SidecarMain} in a child JVM on this test's class path, its output in a log file. */
final class SidecarProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private SidecarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the child and returns once it printed READY (or fails with its log's tail). The
     * settings must not hold a secret: the node key goes by file ({@code sidecar.node-key-file}).
     */
    static SidecarProcess start(Settings settings, Path log, long timeoutMillis) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", SidecarMain.class.getName()));
        settings.asMap().forEach((k, v) -> cmd.add(k + "=" + v));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // The class path goes by CLASSPATH, not -cp: ONNX Runtime 1.29's native init dies with
        // SIGSEGV (exit 139, no hs_err) in a JVM whose command line is longer than about 4 KB,
        // and the test class path alone is ~13 KB.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process p = builder.start();
        SidecarProcess child = new SidecarProcess(p, log);
        long end = System.currentTimeMillis() + timeoutMillis;
        try {
            while (!child.printed(SidecarMain.READY)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("sidecar exited with " + p.exitValue() + " before READY:\n" + child.tail());
                }
                if (System.currentTimeMillis() > end) {
                    throw new IllegalStateException("sidecar not READY within " + timeoutMillis + " ms:\n" + child.tail());
                }
                Thread.sleep(100);
            }
        } catch (RuntimeException | InterruptedException e) {
            child.close();
            throw e;
        }
        return child;
    }

    /** SIGKILL (on Linux): no shutdown hook, no offset commit, no flush. Returns the exit code. */
    int kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("sidecar " + process.pid() + " survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    /** SIGTERM (a clean close through the shutdown hook), SIGKILL if it takes too long. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private boolean printed(String line) throws IOException {
        return Files.exists(log) && lines().contains(line);
    }

    String tail() {
        try {
            List<String> lines = lines();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private List<String> lines() throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
