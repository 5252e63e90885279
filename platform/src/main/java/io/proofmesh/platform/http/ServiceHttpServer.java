package io.proofmesh.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proofmesh.platform.devstack.Ports;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The HTTP endpoint every service mounts: {@code GET /health} (200 when every registered
 * check passes, 503 naming the failing ones) and {@code GET /metrics} (Prometheus text).
 * Services add their own routes through {@code routes}.
 */
public final class ServiceHttpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String service;
    private final PrometheusMeterRegistry metrics;
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private final Javalin app;

    private ServiceHttpServer(String service, PrometheusMeterRegistry metrics, Consumer<JavalinConfig> routes) {
        this.service = service;
        this.metrics = metrics;
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.routes.get("/health", ctx -> {
                ObjectNode body = health();
                ctx.status("UP".equals(body.path("status").asText()) ? 200 : 503)
                        .contentType("application/json").result(body.toString());
            });
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            routes.accept(cfg);
        });
    }

    /** A registry with the JVM binders every service wants, tagged with the service name. */
    public static PrometheusMeterRegistry newMeterRegistry(String service) {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        r.config().commonTags("service", service);
        new JvmMemoryMetrics().bindTo(r);
        new JvmGcMetrics().bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new UptimeMetrics().bindTo(r);
        return r;
    }

    /**
     * Starts on {@code port} (0 = any free port) bound to {@code host}. A taken port fails
     * with a message naming it and the {@code --http-port} flag.
     */
    public static ServiceHttpServer start(String service, String host, int port, PrometheusMeterRegistry metrics,
                                          Consumer<JavalinConfig> routes) {
        if (port != 0 && !Ports.isFree(port)) {
            throw new Ports.PortInUseException(port, service + " HTTP API", "--http-port");
        }
        ServiceHttpServer s = new ServiceHttpServer(service, metrics, routes);
        try {
            s.app.start(host, port);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the " + service + " HTTP server on " + host + ":" + port
                    + ": " + e.getMessage() + " (choose another port with --http-port)", e);
        }
        return s;
    }

    public void addHealthCheck(String name, HealthCheck check) {
        synchronized (checks) {
            checks.put(name, check);
        }
    }

    public int port() {
        return app.port();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    private ObjectNode health() {
        ObjectNode body = JSON.createObjectNode();
        body.put("service", service);
        ObjectNode detail = body.putObject("checks");
        boolean up = true;
        Map<String, HealthCheck> snapshot;
        synchronized (checks) {
            snapshot = new LinkedHashMap<>(checks);
        }
        for (Map.Entry<String, HealthCheck> e : snapshot.entrySet()) {
            HealthCheck.Result r;
            try {
                r = e.getValue().check();
            } catch (RuntimeException ex) {
                r = HealthCheck.Result.down(ex.toString());
            }
            detail.putObject(e.getKey()).put("status", r.up() ? "UP" : "DOWN").put("detail", r.detail());
            up &= r.up();
        }
        body.put("status", up ? "UP" : "DOWN");
        return body;
    }

    @Override
    public void close() {
        app.stop();
    }
}
