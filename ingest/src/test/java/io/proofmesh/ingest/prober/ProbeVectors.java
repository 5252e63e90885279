package io.proofmesh.ingest.prober;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.scoring.epoch.EpochSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The frozen vectors of PROTOCOL.md §9 ({@code probe-vectors.json}), read for the tests. */
final class ProbeVectors {

    static final HexFormat HEX = HexFormat.of();

    record Challenge(String network, long chainId, String proberId, String nodePrivateKey, String nodeId, byte[] nonce,
                     String requestBody, String signedMessage, byte[] signedMessageBytes, int signedMessageLength,
                     String eip191Hash, String nodeSignature, String answerBody, String wrongKeyPrivateKey,
                     String wrongKeySignature) {
        ProbeChallenge toChallenge() {
            return new ProbeChallenge(network, chainId, proberId, nodeId, nonce);
        }
    }

    record Result(String name, String proberPrivateKey, String proberAddress, long sentAt, long completedAt, Long rttMicros,
                  String outcome, String nodeSignature, long epoch, String signedMessage, byte[] signedMessageBytes,
                  String proberSignature) {
    }

    final Challenge challenge;
    final List<Result> results = new ArrayList<>();
    final EpochSchedule schedule;

    private ProbeVectors(JsonNode root) {
        JsonNode c = root.path("challenge");
        challenge = new Challenge(root.path("domain").path("network").asText(), root.path("domain").path("chainId").asLong(),
                c.path("proberId").asText(), c.path("nodePrivateKey").asText(), c.path("nodeId").asText(),
                hex(c.path("nonce").asText()), c.path("requestBody").asText(), c.path("signedMessage").asText(),
                hex(c.path("signedMessageHex").asText()), c.path("signedMessageLength").asInt(), c.path("eip191Hash").asText(),
                c.path("nodeSignature").asText(), c.path("answerBody").asText(), c.path("wrongKeyPrivateKey").asText(),
                c.path("wrongKeySignature").asText());
        for (JsonNode r : root.path("results")) {
            results.add(new Result(r.path("name").asText(), r.path("proberPrivateKey").asText(), r.path("proberAddress").asText(),
                    r.path("sentAt").asLong(), r.path("completedAt").asLong(),
                    r.path("rttMicros").isNull() ? null : r.path("rttMicros").asLong(), r.path("outcome").asText(),
                    r.path("nodeSignature").isNull() ? null : r.path("nodeSignature").asText(), r.path("epoch").asLong(),
                    r.path("signedMessage").asText(), hex(r.path("signedMessageHex").asText()),
                    r.path("proberSignature").asText()));
        }
        JsonNode e = root.path("epochs");
        schedule = new EpochSchedule(e.path("genesisMillis").asLong(), e.path("lengthMillis").asLong(),
                e.path("graceMillis").asLong());
    }

    static ProbeVectors load() {
        try (InputStream in = ProbeVectors.class.getResourceAsStream("/probe-vectors.json")) {
            return new ProbeVectors(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s.startsWith("0x") ? s.substring(2) : s);
    }

    static String hex(byte[] b) {
        return "0x" + HEX.formatHex(b);
    }
}
