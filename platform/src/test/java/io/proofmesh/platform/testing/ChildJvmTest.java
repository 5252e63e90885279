package io.proofmesh.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.proofmesh.platform.config.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs running {@link Child}: what the parent passes arrives, and each way of ending it ends it. */
class ChildJvmTest {

    static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void settingsEnvAndSystemPropertiesReachTheChildAndKill9EndsItWith137() throws Exception {
        Settings settings = Settings.of(Map.of("child.greeting", "hello = world ", "child.path", "/a b/c"));
        try (ChildJvm child = ChildJvm.builder(Child.class).settings(settings).env("CHILD_ENV", "from-env")
                .systemProperty("child.prop", "from-prop").log(dir.resolve("logs/child.log")).start(START)) {
            assertThat(child.isAlive()).isTrue();
            assertThat(child.logs()).contains("setting child.greeting=hello = world", "setting child.path=/a b/c",
                    "env CHILD_ENV=from-env", "property child.prop=from-prop", ChildJvm.READY);
            // Neither the class path nor the settings went on the command line (ONNX Runtime's 4 KB limit).
            String commandLine = ProcessHandle.of(child.pid()).orElseThrow().info().commandLine().orElse("");
            assertThat(commandLine).contains(Child.class.getName()).doesNotContain("hello").doesNotContain("-cp ");
            assertThat(commandLine.length()).isLessThan(ChildJvm.MAX_COMMAND_LINE);
            Path settingsFile = dir.resolve("logs/child.log.settings.properties");
            assertThat(Files.getPosixFilePermissions(settingsFile)).as("settings file, owner-only")
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

            assertThat(child.kill9()).isEqualTo(ChildJvm.SIGKILL_EXIT);
            assertThat(child.isAlive()).isFalse();
            assertThat(child.logs()).doesNotContain(Child.CLOSED);
        }
    }

    @Test
    void stopClosesTheServiceThroughItsShutdownHook() throws Exception {
        try (ChildJvm child = ChildJvm.builder(Child.class).settings(Settings.of(Map.of())).log(dir.resolve("stop.log"))
                .start(START)) {
            assertThat(child.stop()).isEqualTo(143);
            assertThat(child.logs()).contains(Child.CLOSED);
            assertThatThrownBy(child::kill9).hasMessageContaining("had already exited with 143");
        }
    }

    @Test
    void aChildThatFailsToStartFailsTheStartWithItsExitCodeAndLog() {
        Settings failing = Settings.of(Map.of("child.fail", "true"));
        assertThatThrownBy(() -> ChildJvm.builder(Child.class).name("failing").settings(failing)
                .log(dir.resolve("fail.log")).start(START))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failing exited with 1 before it was ready")
                .hasMessageContaining("FAILED: java.lang.IllegalStateException: asked to fail");
    }

    @Test
    void aChildNeverReadyIsKilledWhenTimeRunsOut() throws Exception {
        Path log = dir.resolve("slow.log");
        assertThatThrownBy(() -> ChildJvm.builder(Child.class).settings(Settings.of(Map.of())).log(log)
                .readyWhen(ChildJvm.Readiness.printed("NEVER")).start(Duration.ofSeconds(3)))
                .hasMessageContaining("not ready within 3000 ms").hasMessageContaining(ChildJvm.READY);
        long pid = Long.parseLong(Files.readAllLines(log).stream().filter(l -> l.startsWith("pid "))
                .findFirst().orElseThrow().substring(4));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child still alive").isFalse();
    }

    @Test
    void healthReadinessWaitsForTheChildsHealthEndpoint() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Settings settings = Settings.of(Map.of("child.health-port", Integer.toString(port)));
        try (ChildJvm child = ChildJvm.builder(Child.class).settings(settings).log(dir.resolve("health.log"))
                .readyWhen(ChildJvm.Readiness.healthy(URI.create("http://127.0.0.1:" + port + "/health"))).start(START)) {
            // Started a second after READY: only the health check could have waited for it.
            assertThat(child.logs()).contains(ChildJvm.READY, "health on " + port);
        }
    }

    @Test
    void aCommandLineOverTheOnnxLimitIsRefusedBeforeStarting() {
        assertThatThrownBy(() -> ChildJvm.builder(Child.class).args("--set", "x=" + "y".repeat(5_000))
                .log(dir.resolve("long.log")).start(START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ONNX Runtime");
        assertThat(dir.resolve("long.log")).doesNotExist();
    }

    /** The child: echoes what it was given, serves /health on {@code child.health-port} if set. */
    public static final class Child {
        static final String CLOSED = "closed";

        public static void main(String[] args) throws InterruptedException {
            ChildJvm.serve(args, "child", (settings, progress) -> {
                System.out.println("pid " + ProcessHandle.current().pid());
                settings.asMap().forEach((k, v) -> System.out.println("setting " + k + "=" + v));
                System.out.println("env CHILD_ENV=" + System.getenv("CHILD_ENV"));
                System.out.println("property child.prop=" + System.getProperty("child.prop"));
                if (settings.getBoolean("child.fail", false)) {
                    throw new IllegalStateException("asked to fail");
                }
                HttpServer http = settings.find("child.health-port").map(Child::healthLater).orElse(null);
                return () -> {
                    if (http != null) {
                        http.stop(0);
                    }
                    System.out.println(CLOSED);
                };
            });
        }

        /** Serves /health from a second after the start returned (after READY). */
        private static HttpServer healthLater(String port) {
            try {
                HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 0);
                http.createContext("/health", exchange -> {
                    exchange.sendResponseHeaders(200, 2);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write("UP".getBytes());
                    }
                });
                Thread later = new Thread(() -> {
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.out.println("health on " + port);
                    http.start();
                });
                later.setDaemon(true);
                later.start();
                return http;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
