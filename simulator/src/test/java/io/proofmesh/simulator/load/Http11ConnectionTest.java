package io.proofmesh.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator's HTTP/1.1 client against the JDK's server: fixed-length and chunked answers, keep-alive. */
class Http11ConnectionTest {

    @Test
    void readsStatusesAndBodiesOverOneKeepAliveConnection() throws Exception {
        List<String> bodies = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/telemetry", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            synchronized (bodies) {
                bodies.add(new String(in, StandardCharsets.UTF_8) + "|" + ex.getRequestHeaders().getFirst("X-Proofmesh-Signature"));
            }
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            boolean chunked = bodies.size() % 2 == 0;
            ex.sendResponseHeaders(bodies.size() == 3 ? 429 : 202, chunked ? 0 : answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        try (Http11Connection c = new Http11Connection("127.0.0.1", server.getAddress().getPort())) {
            int port = server.getAddress().getPort();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                PresignedRequest r = new PresignedRequest(0, i, 1, ("{\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8), "0xsig" + i);
                statuses.add(c.exchange(Http11Connection.telemetryPost("127.0.0.1", port, r)));
            }
            assertThat(statuses).containsExactly(202, 202, 429, 202);
            assertThat(bodies).containsExactly("{\"seq\":0}|0xsig0", "{\"seq\":1}|0xsig1", "{\"seq\":2}|0xsig2", "{\"seq\":3}|0xsig3");
        } finally {
            server.stop(0);
        }
    }
}
