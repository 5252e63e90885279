package io.proofmesh.ingest.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.schemas.registry.NodeStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The frozen vectors of PROTOCOL.md §10 ({@code key-rotation-vectors.json}), read for the tests. */
final class KeyRotationVectors {

    static final HexFormat HEX = HexFormat.of();

    record Positive(JsonNode json) {
        String s(String field) {
            return json.path(field).asText();
        }

        byte[] body() {
            return s("body").getBytes(StandardCharsets.UTF_8);
        }
    }

    record Negative(String name, String state, byte[] body, String expectedCode, int expectedStatus, String expectedField) {
        @Override
        public String toString() {
            return name;
        }
    }

    final SigningDomain domain;
    final Duration maxSkew;
    final Instant receivedAt;
    final JsonNode registry;
    final Positive positive;
    final List<Negative> negatives = new ArrayList<>();

    private KeyRotationVectors(JsonNode root) {
        domain = new SigningDomain(root.path("domain").path("network").asText(), root.path("domain").path("chainId").asLong());
        maxSkew = Duration.ofMillis(root.path("maxClockSkewMs").asLong());
        receivedAt = Instant.ofEpochMilli(root.path("receivedAt").asLong());
        registry = root.path("registry");
        positive = new Positive(root.path("positive").get(0));
        for (JsonNode n : root.path("negative")) {
            negatives.add(new Negative(n.path("name").asText(), n.path("state").asText(),
                    n.path("body").asText().getBytes(StandardCharsets.UTF_8), n.path("expectedCode").asText(),
                    n.path("expectedStatus").asInt(), n.path("expectedField").asText()));
        }
    }

    static KeyRotationVectors load() {
        try (InputStream in = KeyRotationVectors.class.getResourceAsStream("/key-rotation-vectors.json")) {
            return new KeyRotationVectors(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registry before the positive rotation. */
    InMemoryRegistrations before() {
        InMemoryRegistrations r = new InMemoryRegistrations();
        registry.properties().forEach(e -> r.put(InMemoryRegistrations.node(e.getKey(),
                e.getValue().path("signingAddress").asText(), e.getValue().path("operatorAddress").asText(),
                NodeStatus.valueOf(e.getValue().path("status").asText()))));
        return r;
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s.startsWith("0x") ? s.substring(2) : s);
    }
}
