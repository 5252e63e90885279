package io.proofmesh.ingest.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.schemas.registry.NodeStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The frozen vectors of PROTOCOL.md ({@code protocol-vectors.json}), read for the tests. */
final class ProtocolVectors {

    static final HexFormat HEX = HexFormat.of();

    record Positive(String name, String privateKey, String signer, String body, byte[] bodyBytes, int bodyLength,
            String eip191Hash, String bodyDigest, String signature, long receivedAt) {
    }

    record Negative(String name, byte[] bodyBytes, String signature, long receivedAt, String expectedCode,
            String expectedField) {
        @Override
        public String toString() {
            return name;
        }
    }

    record ReceiptVector(String name, String privateKey, String ingestAddress, String ingestId, String request,
            String body, byte[] bodyBytes, String signature) {
    }

    final SigningDomain domain;
    final Duration maxSkew;
    final Map<String, NodeDirectory.Entry> registry = new TreeMap<>();
    final List<Positive> positives = new ArrayList<>();
    final List<Negative> negatives = new ArrayList<>();
    final List<ReceiptVector> receipts = new ArrayList<>();

    private ProtocolVectors(JsonNode root) {
        domain = new SigningDomain(root.path("domain").path("network").asText(), root.path("domain").path("chainId").asLong());
        maxSkew = Duration.ofMillis(root.path("maxClockSkewMs").asLong());
        root.path("registry").properties().forEach(e -> registry.put(e.getKey(), new NodeDirectory.Entry(
                e.getValue().path("signingAddress").asText(), NodeStatus.valueOf(e.getValue().path("status").asText()))));
        for (JsonNode p : root.path("positive")) {
            positives.add(new Positive(p.path("name").asText(), p.path("privateKey").asText(), p.path("signer").asText(),
                    p.path("body").asText(), hex(p.path("bodyHex").asText()), p.path("bodyLength").asInt(),
                    p.path("eip191Hash").asText(), p.path("bodyDigest").asText(), p.path("signature").asText(),
                    p.path("receivedAt").asLong()));
        }
        for (JsonNode n : root.path("negative")) {
            byte[] bytes = hex(n.path("bodyHex").asText());
            if (n.hasNonNull("body")) {
                // When both are given they must agree; bodyHex is authoritative.
                if (!n.path("body").asText().equals(new String(bytes, StandardCharsets.UTF_8))) {
                    throw new IllegalStateException("vector " + n.path("name").asText() + ": body and bodyHex differ");
                }
            }
            negatives.add(new Negative(n.path("name").asText(), bytes, textOrNull(n, "signature"),
                    n.path("receivedAt").asLong(), n.path("expectedCode").asText(), textOrNull(n, "expectedField")));
        }
        for (JsonNode r : root.path("receipts")) {
            receipts.add(new ReceiptVector(r.path("name").asText(), r.path("privateKey").asText(),
                    r.path("ingestAddress").asText(), r.path("ingestId").asText(), r.path("request").asText(),
                    r.path("body").asText(), hex(r.path("bodyHex").asText()), r.path("signature").asText()));
        }
    }

    static ProtocolVectors load() {
        try (InputStream in = ProtocolVectors.class.getResourceAsStream("/protocol-vectors.json")) {
            return new ProtocolVectors(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Positive positive(String name) {
        return positives.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    NodeDirectory directory() {
        return nodeId -> Optional.ofNullable(registry.get(nodeId));
    }

    TelemetryVerifier verifierAt(long receivedAtMillis) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(receivedAtMillis), ZoneOffset.UTC);
        return new TelemetryVerifier(domain, maxSkew, clock, io.proofmesh.platform.crypto.SignerRecoveries.best(),
                new TelemetryRequestParser(ProtocolLimits.defaults()));
    }

    /** The stateless checks and the directory check, as ingest runs them. */
    VerifiedRequest accept(byte[] body, String signature, long receivedAtMillis) throws RejectedRequestException {
        VerifiedRequest verified = verifierAt(receivedAtMillis).verify(body, signature);
        new NodeAuthorizer(directory()).authorize(verified);
        return verified;
    }

    static byte[] hex(String h) {
        return HEX.parseHex(h.startsWith("0x") ? h.substring(2) : h);
    }

    static String hex(byte[] b) {
        return "0x" + HEX.formatHex(b);
    }

    private static String textOrNull(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.path(field).asText() : null;
    }
}
