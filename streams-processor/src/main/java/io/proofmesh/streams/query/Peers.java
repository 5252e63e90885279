package io.proofmesh.streams.query;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The other instances of the application, reached at their {@code application.server}
 * (the host:port of their query API). A forwarded request carries {@link #FORWARDED} and is
 * never forwarded again, so a stale view of ownership cannot bounce a request around.
 */
final class Peers {

    static final String FORWARDED = "X-Proofmesh-Forwarded";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    record Reply(int status, String contentType, String body) {}

    /** True if {@code host} is this instance: our port, and an address of this machine. */
    static boolean isSelf(HostInfo host, Context ctx) {
        if (host.port() != ctx.req().getLocalPort()) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(host.host());
            return a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    static boolean wasForwarded(Context ctx) {
        return ctx.header(FORWARDED) != null;
    }

    /** GET {@code pathAndQuery} from {@code host}, relaying its answer. */
    Reply get(HostInfo host, String pathAndQuery) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(TIMEOUT).header(FORWARDED, "1").header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/json"), r.body());
        } catch (IOException e) {
            throw new ApiError(502, "PEER_UNREACHABLE", "the instance at " + host.host() + ":" + host.port()
                    + " that owns this data did not answer (" + e.getMessage() + "); retry, or check that instance");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "INTERRUPTED", "interrupted while asking " + host.host() + ":" + host.port());
        }
    }

    /** Answers {@code ctx} with what the owner answers to the same request. */
    void forward(Context ctx, HostInfo owner) {
        String q = ctx.queryString();
        Reply r = get(owner, ctx.path() + (q == null || q.isEmpty() ? "" : "?" + q));
        if (r.status() == 503) {
            ctx.header("Retry-After", "1");
        }
        ctx.status(r.status()).contentType(r.contentType()).result(r.body());
    }
}
