package io.proofmesh.inference.service;

import io.proofmesh.platform.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A sidecar in a process of its own, for tests that kill it: settings come from bare
 * {@code key=value} arguments (or {@code --set key=value}); prints {@code READY} once the
 * {@link SidecarService} runs, then serves until the process is killed (SIGTERM closes it cleanly).
 */
public final class SidecarMain {

    public static final String READY = "READY";

    private SidecarMain() {}

    public static void main(String[] args) throws Exception {
        SidecarService service = SidecarService.start(parse(args), msg -> System.out.println("[sidecar] " + msg));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "sidecar-shutdown"));
        System.out.println(READY);
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
