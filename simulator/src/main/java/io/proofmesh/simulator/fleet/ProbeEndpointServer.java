package io.proofmesh.simulator.fleet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.simulator.agent.ProbeResponder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One HTTP server answering {@code POST /probe/{nodeId}} for every simulated node (a real node
 * runs its own; a process simulating 10,000 cannot open 10,000 ports). A node with a delay
 * answers from a timer after it, so a slow node never holds a server thread.
 */
public final class ProbeEndpointServer implements AutoCloseable {

    private static final String PREFIX = "/probe/";

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final String advertisedHost;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final LongAdder answered = new LongAdder();
    private final LongAdder refused = new LongAdder();

    private record Target(ProbeResponder responder, Duration delay) { }

    private ProbeEndpointServer(HttpServer server, ExecutorService workers, ScheduledExecutorService timers, String advertisedHost) {
        this.server = server;
        this.workers = workers;
        this.timers = timers;
        this.advertisedHost = advertisedHost;
    }

    /**
     * Binds {@code host:port} (0 = a free port). {@code advertisedHost} is what the probe URLs
     * registered with ingest name (the address the prober can reach).
     */
    public static ProbeEndpointServer start(String host, int port, String advertisedHost, ScheduledExecutorService timers)
            throws IOException {
        // The JDK server waits on Nagle's algorithm by default (FACTS.md: 1.4k vs ~57k req/s); must be set before first use.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        } catch (java.net.BindException e) {
            throw new IOException("probe port " + port + " on " + host + " is taken; pick another with --probe-port (0 = any free port)", e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "probe-endpoint");
            t.setDaemon(true);
            return t;
        });
        ProbeEndpointServer s = new ProbeEndpointServer(server, workers, timers, advertisedHost);
        server.createContext(PREFIX, s::handle);
        server.setExecutor(workers);
        server.start();
        return s;
    }

    public void add(String nodeId, ProbeResponder responder, Duration delay) {
        targets.put(nodeId, new Target(responder, delay));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The probe URL to register for {@code nodeId}. */
    public String urlFor(String nodeId) {
        return "http://" + advertisedHost + ":" + port() + PREFIX + nodeId;
    }

    public long answered() {
        return answered.sum();
    }

    public long refused() {
        return refused.sum();
    }

    private void handle(HttpExchange ex) {
        try {
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, json("METHOD_NOT_ALLOWED", "POST a challenge"));
                return;
            }
            String nodeId = ex.getRequestURI().getPath().substring(PREFIX.length());
            Target t = targets.get(nodeId);
            if (t == null) {
                send(ex, 404, json("UNKNOWN_NODE", "no simulated node " + nodeId + " here"));
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(ProbeChallenge.MAX_BODY_BYTES + 1);
            }
            ProbeResponder.Answer a = t.responder().answer(body);
            if (t.delay().isZero()) {
                send(ex, a.status(), a.body());
            } else {
                timers.schedule(() -> send(ex, a.status(), a.body()), t.delay().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IOException | RuntimeException e) {
            ex.close();
        }
    }

    private void send(HttpExchange ex, int status, byte[] body) {
        (status == 200 ? answered : refused).increment();
        try (OutputStream out = ex.getResponseBody()) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            out.write(body);
        } catch (IOException | RuntimeException e) {
            // the prober hung up (e.g. its timeout passed before a slow node answered): nothing to do
        }
    }

    private static byte[] json(String code, String message) {
        return ("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
