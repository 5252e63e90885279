package io.proofmesh.streams.service;

import io.proofmesh.platform.config.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A scoring processor in a process of its own, for tests that kill it: settings come from
 * {@code --set key=value} (or bare {@code key=value}) arguments; prints {@code RUNNING} once Kafka
 * Streams runs, then serves until the process is killed (SIGTERM closes it cleanly).
 */
public final class ProcessorMain {

    public static final String RUNNING = "RUNNING";

    private ProcessorMain() {}

    public static void main(String[] args) throws InterruptedException {
        StreamsService service = StreamsService.start(parse(args), msg -> System.out.println("[streams] " + msg));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "processor-shutdown"));
        try {
            service.awaitRunning(Duration.ofSeconds(90));
        } catch (IllegalStateException e) {
            System.out.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
        System.out.println(RUNNING);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    static Settings parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--set")) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--set needs key=value");
                }
                a = args[++i];
            }
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + a + "'");
            }
            values.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return Settings.of(values);
    }
}
