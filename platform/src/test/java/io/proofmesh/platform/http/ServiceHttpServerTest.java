package io.proofmesh.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.proofmesh.platform.devstack.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServiceHttpServerTest {

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthReflectsItsChecksAndMetricsArePrometheusText() throws Exception {
        AtomicBoolean kafkaUp = new AtomicBoolean(true);
        try (ServiceHttpServer s = ServiceHttpServer.start("test-svc", "127.0.0.1", 0,
                ServiceHttpServer.newMeterRegistry("test-svc"), cfg -> cfg.routes.get("/hello", ctx -> ctx.result("hi")))) {
            s.addHealthCheck("kafka", () -> kafkaUp.get() ? HealthCheck.Result.up("connected") : HealthCheck.Result.down("no broker"));
            Counter.builder("proofmesh_test_events").register(s.metrics()).increment(3);

            HttpResponse<String> up = get(s.port(), "/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"status\":\"UP\"").contains("\"kafka\"");

            kafkaUp.set(false);
            HttpResponse<String> down = get(s.port(), "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("no broker");

            HttpResponse<String> metrics = get(s.port(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body()).contains("proofmesh_test_events_total{service=\"test-svc\"} 3.0")
                    .contains("jvm_memory_used_bytes");
            assertThat(get(s.port(), "/hello").body()).isEqualTo("hi");
        }
    }

    @Test
    void aTakenPortIsNamedWithTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> ServiceHttpServer.start("ingest", "127.0.0.1", port,
                    ServiceHttpServer.newMeterRegistry("ingest"), cfg -> { }))
                    .isInstanceOf(Ports.PortInUseException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("ingest HTTP API")
                    .hasMessageContaining("--http-port");
        }
    }
}
