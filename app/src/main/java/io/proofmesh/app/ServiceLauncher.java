package io.proofmesh.app;

import io.proofmesh.platform.config.Settings;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * How every long-running command runs its service: print the effective configuration (secrets
 * masked), start it with progress lines, say "ready", and close it when the process is asked to
 * stop (Ctrl-C, SIGTERM), so in-flight work is finished or committed before exit.
 */
final class ServiceLauncher {

    /** Starts a service from its settings. */
    @FunctionalInterface
    interface Starter {
        AutoCloseable start(Settings settings, Consumer<String> progress) throws Exception;
    }

    private ServiceLauncher() {}

    /** Runs {@code starter}'s service until the JVM is asked to stop; {@code what} names it in the output. */
    static int runUntilStopped(String command, String what, Settings settings, Starter starter) throws Exception {
        PrintStream out = System.out;
        out.println("proofmesh " + command + " — effective configuration:");
        out.print(settings.describe());
        CountDownLatch stopped = new CountDownLatch(1);
        AutoCloseable service = starter.start(settings, msg -> out.println("  " + msg));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping " + what + " ...");
            try {
                service.close();
            } catch (Exception e) {
                out.println("  while stopping: " + e);
            }
            stopped.countDown();
        }, command + "-stop"));
        out.println("ready. Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    /** Puts {@code key = value} into {@code flags} when the flag was given. */
    static void put(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
