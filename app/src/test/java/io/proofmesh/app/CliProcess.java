package io.proofmesh.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code proofmesh} CLI as a separate process, as a user would, capturing its output. */
final class CliProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private CliProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    System.out.println("[proofmesh] " + line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "cli-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Path appJar() {
        Path jar = Path.of(System.getProperty("proofmesh.app.jar", "target/proofmesh.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the CLI jar " + jar + " is not built; run `mvn package` first");
        }
        return jar;
    }

    static CliProcess start(Path workDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", appJar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("PROOFMESH_HOME", System.getProperty("proofmesh.repo.root", ""));
        return new CliProcess(pb.start());
    }

    long pid() {
        return process.pid();
    }

    List<String> lines() {
        return lines;
    }

    String output() {
        return String.join("\n", lines);
    }

    /** True once a line containing {@code fragment} was printed; false on timeout or when the process ended without it. */
    boolean waitForLine(String fragment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (lines.stream().anyMatch(l -> l.contains(fragment))) {
                return true;
            }
            if (!process.isAlive()) {
                reader.join(1000); // the last lines may still be in the pipe
                return lines.stream().anyMatch(l -> l.contains(fragment));
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Exit code, or -1 if still running after {@code timeout}. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        reader.join(2000); // so output() holds every line the process printed
        return process.exitValue();
    }

    /** Sends SIGINT, like Ctrl-C in a terminal. */
    void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
