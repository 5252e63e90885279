package io.proofmesh.platform.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records the DevStack's child processes ({@code name pid startMillis} per line) so that a
 * later start can clean up what a killed (kill -9) DevStack left behind. A recorded pid is
 * only killed when its start time matches, so a reused pid is never touched.
 */
final class PidFile {

    private final Path file;

    PidFile(Path file) {
        this.file = file;
    }

    record Entry(String name, long pid, long startMillis) { }

    synchronized void add(String name, ProcessHandle handle) {
        long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, name + " " + handle.pid() + " " + start + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new DevStackException("cannot write pid file " + file + ": " + e.getMessage(), e);
        }
    }

    List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] p = line.trim().split("\\s+");
                if (p.length == 3) {
                    out.add(new Entry(p[0], Long.parseLong(p[1]), Long.parseLong(p[2])));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // A corrupt pid file must not block a start; its processes are then left to the OS.
        }
        return out;
    }

    /** Kills every recorded process that is still the one we started; returns what was killed. */
    List<Entry> killLeftovers() {
        List<Entry> killed = new ArrayList<>();
        for (Entry e : read()) {
            Optional<ProcessHandle> h = ProcessHandle.of(e.pid());
            if (h.isPresent() && h.get().isAlive() && sameStart(h.get(), e.startMillis())) {
                h.get().descendants().forEach(ProcessHandle::destroyForcibly);
                h.get().destroyForcibly();
                try {
                    h.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // best effort: the port check that follows reports anything still running
                }
                killed.add(e);
            }
        }
        delete();
        return killed;
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // harmless: entries are checked against start times before anything is killed
        }
    }

    private static boolean sameStart(ProcessHandle h, long startMillis) {
        return h.info().startInstant()
                .map(i -> Math.abs(i.toEpochMilli() - startMillis) < Duration.ofSeconds(2).toMillis())
                .orElse(false);
    }
}
