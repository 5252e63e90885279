package io.proofmesh.ingest.prober;

import io.proofmesh.platform.protocol.ProbeChallenge;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Sends a challenge to a node's probe endpoint ({@code POST}, {@code application/json}) and
 * reports what came back, timed with {@code System.nanoTime}. At most {@code maxInFlight}
 * challenges are outstanding: {@link #send} blocks for a permit, so a slow fleet slows the
 * scheduler down instead of piling up connections. Answers larger than
 * {@link ProbeChallenge#MAX_BODY_BYTES} are not read beyond the limit.
 */
public final class ProbeClient {

    private final HttpClient http;
    private final Duration timeout;
    private final Semaphore permits;
    private final int maxInFlight;
    private final LongSupplier wallClock;
    private final Executor completions;

    /**
     * @param completions where results are handed on (judging, signing, publishing): not the HTTP
     *                    client's selector nor the JDK's single timeout thread, which a burst of
     *                    timeouts would otherwise hold up
     */
    public ProbeClient(HttpClient http, Duration timeout, int maxInFlight, LongSupplier wallClock, Executor completions) {
        this.http = http;
        this.completions = completions;
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.wallClock = wallClock;
    }

    /** An HTTP/1.1 client with the connect timeout bounded by the probe timeout. */
    public static HttpClient newHttpClient(Duration timeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    /** Sends {@code body} to {@code endpoint}; the future never fails, every problem is an exchange. */
    public CompletableFuture<ProbeExchange> send(String endpoint, byte[] body) throws InterruptedException {
        permits.acquire();
        long sentAt = wallClock.getAsLong();
        long start = System.nanoTime();
        HttpRequest request;
        try {
            URI uri = URI.create(endpoint);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        } catch (IllegalArgumentException e) {
            permits.release();
            return CompletableFuture.completedFuture(new ProbeExchange(sentAt, wallClock.getAsLong(), System.nanoTime() - start,
                    ProbeExchange.Transport.CONNECT_FAILED, 0, null, "invalid probe endpoint '" + endpoint + "': " + e.getMessage()));
        }
        CompletableFuture<HttpResponse<byte[]>> call;
        try {
            call = http.sendAsync(request, ProbeClient::boundedBody);
        } catch (RuntimeException e) {
            permits.release();
            return CompletableFuture.completedFuture(new ProbeExchange(sentAt, wallClock.getAsLong(), System.nanoTime() - start,
                    ProbeExchange.Transport.CONNECT_FAILED, 0, null, e.toString()));
        }
        // The request timeout covers the wait for headers; this bounds the whole exchange, body included.
        CompletableFuture<HttpResponse<byte[]>> bounded = call.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return bounded.handleAsync((response, failure) -> {
            long rtt = System.nanoTime() - start;
            long completedAt = wallClock.getAsLong();
            permits.release();
            if (failure == null) {
                return new ProbeExchange(sentAt, completedAt, rtt, ProbeExchange.Transport.ANSWERED, response.statusCode(),
                        response.body(), "HTTP " + response.statusCode());
            }
            call.cancel(true);
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            boolean timedOut = cause instanceof TimeoutException || cause instanceof HttpTimeoutException;
            return new ProbeExchange(sentAt, completedAt, rtt,
                    timedOut ? ProbeExchange.Transport.TIMED_OUT : ProbeExchange.Transport.CONNECT_FAILED, 0, null,
                    cause.toString());
        }, completions);
    }

    /** Reads a 200 answer up to the size limit (null beyond it); other statuses are not read at all. */
    private static HttpResponse.BodySubscriber<byte[]> boundedBody(HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200) {
            return HttpResponse.BodySubscribers.replacing(null);
        }
        return new BoundedBody(ProbeChallenge.MAX_BODY_BYTES);
    }

    /** Collects at most {@code limit} bytes; a larger body cancels the read and yields null. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (bytes.size() + b.remaining() > limit) {
                    result.complete(null);
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
