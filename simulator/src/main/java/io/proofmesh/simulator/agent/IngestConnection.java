package io.proofmesh.simulator.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.crypto.SignerRecoveries;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every agent of a process shares: one HTTP client, one small scheduler, a bound on
 * requests in flight, the receipt verifier and the retry policy. {@link #deliver} sends one
 * signed request and follows PROTOCOL.md's answers to the end: 202 → verified receipt; 429/503
 * → the same bytes again after Retry-After; connection failure → again after a backoff;
 * REPLAYED on a retry → delivered earlier; any other refusal → final.
 */
public final class IngestConnection implements AutoCloseable {

    public static final String SIGNATURE_HEADER = "X-Proofmesh-Signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI telemetryUri;
    private final HttpClient http;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService scheduler;
    private final InFlightLimit inFlight;
    private final ReceiptVerifier verifier;
    private final RetryPolicy retry;
    private final Duration requestTimeout;

    private IngestConnection(Builder b) {
        this.telemetryUri = URI.create(b.ingestUrl.replaceAll("/+$", "") + "/v1/telemetry");
        this.httpExecutor = Executors.newFixedThreadPool(b.threads, daemon("agent-http"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(httpExecutor)
                .build();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(b.threads, daemon("agent-scheduler"));
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        this.inFlight = new InFlightLimit(b.maxInFlight);
        this.verifier = new ReceiptVerifier(SignerRecoveries.best(), b.expectedIngestAddress);
        this.retry = b.retry;
        this.requestTimeout = b.requestTimeout;
    }

    public static Builder to(String ingestUrl) {
        return new Builder(ingestUrl);
    }

    public static final class Builder {
        private final String ingestUrl;
        private int threads = 2;
        private int maxInFlight = 64;
        private Optional<String> expectedIngestAddress = Optional.empty();
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration requestTimeout = Duration.ofSeconds(30);

        private Builder(String ingestUrl) {
            this.ingestUrl = Objects.requireNonNull(ingestUrl, "ingestUrl");
        }

        /** Threads for HTTP callbacks, signing and timers (each; default 2). */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /** Requests on the wire at once, for all agents together (default 64). */
        public Builder maxInFlight(int n) {
            this.maxInFlight = n;
            return this;
        }

        /** Receipts must be signed by this address (ingest's receipt key), not just by the one they name. */
        public Builder expectedIngestAddress(String address) {
            this.expectedIngestAddress = Optional.ofNullable(address);
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        /** How long one HTTP exchange may take before it counts as a connection failure (default 30 s). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        public IngestConnection build() {
            return new IngestConnection(this);
        }
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public URI telemetryUri() {
        return telemetryUri;
    }

    /** Requests waiting for a free slot (back-pressure indicator for progress output). */
    public int waitingForSlot() {
        return inFlight.waiting();
    }

    /** Sends {@code request} until a final answer; never completes exceptionally. */
    public CompletableFuture<Delivery> deliver(SignedRequest request, AgentCounters counters, ReceiptLog receipts) {
        counters.requestSent(request.eventCount());
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        attempt(request, 1, System.nanoTime(), counters, receipts, result);
        return result.whenComplete((d, e) -> {
            if (d != null) {
                counters.finished(d);
            }
        });
    }

    private void attempt(SignedRequest req, int n, long t0, AgentCounters counters, ReceiptLog receipts,
                         CompletableFuture<Delivery> result) {
        HttpRequest httpReq = HttpRequest.newBuilder(telemetryUri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, req.signatureHeader())
                .POST(HttpRequest.BodyPublishers.ofByteArray(req.body()))
                .build();
        inFlight.acquire()
                .thenCompose(x -> http.sendAsync(httpReq, HttpResponse.BodyHandlers.ofByteArray())
                        .whenComplete((r, e) -> inFlight.release()))
                .whenComplete((resp, err) -> {
                    try {
                        handle(req, n, t0, counters, receipts, result, resp, err);
                    } catch (RuntimeException e) {
                        result.complete(new Delivery(req, Delivery.Outcome.GAVE_UP, "AGENT_ERROR: " + e, Optional.empty(), n));
                    }
                });
    }

    private void handle(SignedRequest req, int n, long t0, AgentCounters counters, ReceiptLog receipts,
                        CompletableFuture<Delivery> result, HttpResponse<byte[]> resp, Throwable err) {
        if (err != null) {
            Throwable cause = err.getCause() != null ? err.getCause() : err;
            retryOrGiveUp(req, n, t0, counters, receipts, result, 0, Optional.empty(),
                    "CONNECTION_FAILED: " + cause.getClass().getSimpleName());
            return;
        }
        int status = resp.statusCode();
        if (status == 202) {
            try {
                Receipt r = verifier.verify(req, resp.body(), resp.headers().firstValue(SIGNATURE_HEADER).orElse(null));
                receipts.add(r);
                result.complete(new Delivery(req, Delivery.Outcome.ACCEPTED, null, Optional.of(r), n));
            } catch (InvalidReceiptException e) {
                result.complete(new Delivery(req, Delivery.Outcome.INVALID_RECEIPT, e.getMessage(), Optional.empty(), n));
            }
            return;
        }
        String code = code(resp);
        if (status == 429 || status == 503) {
            retryOrGiveUp(req, n, t0, counters, receipts, result, status, resp.headers().firstValue("Retry-After"), code);
        } else if (status == 409 && "REPLAYED".equals(code) && n > 1) {
            // PROTOCOL.md §5: refusals are never recorded, so REPLAYED after a retry means an earlier attempt got in.
            result.complete(new Delivery(req, Delivery.Outcome.DELIVERED_EARLIER, code, Optional.empty(), n));
        } else {
            result.complete(new Delivery(req, Delivery.Outcome.REJECTED, code, Optional.empty(), n));
        }
    }

    private void retryOrGiveUp(SignedRequest req, int n, long t0, AgentCounters counters, ReceiptLog receipts,
                               CompletableFuture<Delivery> result, int status, Optional<String> retryAfter, String code) {
        counters.retryableAnswer(status);
        Optional<Duration> wait = retry.nextDelay(n, retryAfter, Duration.ofNanos(System.nanoTime() - t0));
        if (wait.isEmpty()) {
            result.complete(new Delivery(req, Delivery.Outcome.GAVE_UP, code, Optional.empty(), n));
            return;
        }
        counters.retried();
        scheduler.schedule(() -> attempt(req, n + 1, t0, counters, receipts, result), wait.get().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The refusal's {@code code} (PROTOCOL.md §4.1), or HTTP_<status> when the body is not one. */
    private static String code(HttpResponse<byte[]> resp) {
        try {
            JsonNode n = JSON.readTree(resp.body());
            if (n != null && n.path("code").isTextual()) {
                return n.get("code").asText();
            }
        } catch (IOException e) {
            // not JSON
        }
        return "HTTP_" + resp.statusCode();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger i = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + i.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }
}
