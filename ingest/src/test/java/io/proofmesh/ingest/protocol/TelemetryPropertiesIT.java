package io.proofmesh.ingest.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.testing.DevStackExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The protocol properties against a running ingest over HTTP on the real DevStack: mutated,
 * re-signed bodies get 202 iff PROTOCOL.md says they are valid (else the status, code and field
 * it names), and garbage never gets a 5xx other than 503.
 */
@Tag("integration")
class TelemetryPropertiesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageSigner NODE = MessageSigner.generate();
    private static final MessageSigner OTHER = MessageSigner.generate();
    private static RunningIngest ingest;
    /** Every request takes a new, higher seq, so only the mutation decides the answer. */
    private static final AtomicLong SEQ = new AtomicLong();

    @BeforeContainer
    static void start() throws Exception {
        Map<String, String> s = new LinkedHashMap<>();
        // The properties send hundreds of requests in seconds from one address; rate limits are tested elsewhere.
        s.put("ingest.rate.source-per-second", "100000");
        s.put("ingest.rate.source-burst", "100000");
        s.put("ingest.rate.node-per-second", "100000");
        s.put("ingest.rate.node-burst", "100000");
        ingest = RunningIngest.start(DevStackExtension.shared(), s);
        ingest.register(NODE);
        ingest.register(OTHER);
    }

    @AfterContainer
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Provide
    Arbitrary<BodyMutations.Case> cases() {
        return Arbitraries.randomValue(BodyMutations::generate);
    }

    @Property(tries = 250)
    void acceptedIffValidPerProtocol(@ForAll("cases") BodyMutations.Case c) throws Exception {
        byte[] body = c.render(NODE.address(), SEQ.incrementAndGet(), System.currentTimeMillis());
        HttpResponse<String> r = ingest.send(c.signWithOtherKey() ? OTHER : NODE, body);
        String context = c + "\nbody: " + new String(body, StandardCharsets.UTF_8) + "\nanswer: " + r.statusCode() + " " + r.body();
        if (c.expected().accepted()) {
            assertThat(r.statusCode()).as(context).isEqualTo(202);
            assertThat(JSON.readTree(r.body()).get("events")).as(context).hasSize(JSON.readTree(body).get("events").size());
        } else {
            JsonNode error = JSON.readTree(r.body());
            assertThat(r.statusCode()).as(context).isEqualTo(c.expected().code().httpStatus());
            assertThat(error.path("code").asText()).as(context).isEqualTo(c.expected().code().name());
            assertThat(error.path("field").isMissingNode() ? null : error.get("field").asText()).as(context)
                    .isEqualTo(c.expected().field());
        }
    }

    /** Bytes a broken, hostile or buggy client might send, with the headers it might send them with. */
    record Garbage(String kind, byte[] body, String contentType, String signature) {
        @Override
        public String toString() {
            return kind + " (" + body.length + " bytes, " + contentType + ", signature " + signature + ")";
        }
    }

    @Provide
    Arbitrary<Garbage> garbage() {
        return Arbitraries.randomValue(TelemetryPropertiesIT::garbage);
    }

    @Property(tries = 300)
    void garbageNeverGetsA5xxOtherThan503(@ForAll("garbage") Garbage g) throws Exception {
        Map<String, String> headers = g.signature() == null ? Map.of() : Map.of("X-Proofmesh-Signature", g.signature());
        HttpResponse<String> r = ingest.post("/v1/telemetry", g.contentType(), g.body(), headers);
        assertThat(r.statusCode()).as(g + " -> " + r.statusCode() + " " + r.body()).satisfiesAnyOf(
                s -> assertThat(s).isLessThan(500),
                s -> assertThat(s).isEqualTo(503));
        if (r.statusCode() != 202) {
            // Every refusal is the documented JSON error, whatever came in.
            assertThat(JSON.readTree(r.body()).path("code").asText()).as(g + " -> " + r.body()).isNotEmpty();
        }
    }

    private static Garbage garbage(Random r) {
        String[] types = {"application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
                "application/json; charset=latin1", "", "application/json;;;", "*/*"};
        String type = r.nextInt(4) == 0 ? types[r.nextInt(types.length)] : "application/json";
        byte[] valid = BodyMutations.generate(r).render(NODE.address(), SEQ.incrementAndGet(), System.currentTimeMillis());
        byte[] body;
        String kind;
        switch (r.nextInt(6)) {
            case 0 -> {
                body = new byte[r.nextInt(3000)];
                r.nextBytes(body);
                kind = "random bytes";
            }
            case 1 -> {
                body = tokenSoup(r).getBytes(StandardCharsets.UTF_8);
                kind = "token soup";
            }
            case 2 -> {
                body = valid.clone();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    body[r.nextInt(body.length)] = (byte) r.nextInt(256);
                }
                kind = "valid body with flipped bytes";
            }
            case 3 -> {
                body = java.util.Arrays.copyOf(valid, r.nextInt(valid.length));
                kind = "truncated body";
            }
            case 4 -> {
                int depth = 1 + r.nextInt(20_000);
                body = ("[".repeat(depth) + "]".repeat(r.nextBoolean() ? depth : r.nextInt(depth))).getBytes(StandardCharsets.US_ASCII);
                kind = "nesting " + depth;
            }
            default -> {
                body = ("{\"v\":1,\"network\":\"" + "\\ud800".repeat(r.nextInt(3)) + "x\",\"n\":" + "9".repeat(1 + r.nextInt(400)) + "}")
                        .getBytes(StandardCharsets.UTF_8);
                kind = "escapes and huge numbers";
            }
        }
        String signature = switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> "0x" + "ab".repeat(r.nextInt(80));
            case 2 -> "not a signature";
            default -> RunningIngest.signature(NODE, body); // a correct signature: garbage must fail on content, not signature
        };
        return new Garbage(kind, body, type, signature);
    }

    private static String tokenSoup(Random r) {
        String[] tokens = {"{", "}", "[", "]", ",", ":", "\"v\"", "\"events\"", "1", "-0", "1e999", "0.5", "true", "null", "\"\\u0000\"",
                "NaN", "\"kind\"", "\"heartbeat\"", " ", "\n", "01", "\"\\x\"", "'a'", "/*c*/"};
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = r.nextInt(200); i < n; i++) {
            b.append(tokens[r.nextInt(tokens.length)]);
        }
        return b.toString();
    }
}
