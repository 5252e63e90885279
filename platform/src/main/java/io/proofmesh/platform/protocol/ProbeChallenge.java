package io.proofmesh.platform.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proofmesh.platform.crypto.Addresses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A latency challenge the network's prober sends to a node's probe endpoint (PROTOCOL.md §9).
 * The prober (ingest) and the node agent (simulator, any third-party agent) share this one
 * definition of the request body and of the text the node signs.
 *
 * <p>The node signs a fixed-format text that starts with {@code proofmesh-probe-v1}, never a
 * JSON object, so a probe answer can never be replayed as a telemetry body (which starts with
 * '{') and the other way round.
 *
 * @param network  signing domain network name
 * @param chainId  signing domain chain id
 * @param proberId the challenging prober instance, 1–64 of {@code a-z 0-9 . _ -}
 * @param nodeId   the challenged node (lower-case 0x address)
 * @param nonce    32 random bytes, unique per probe
 */
public record ProbeChallenge(String network, long chainId, String proberId, String nodeId, byte[] nonce) {

    public static final int VERSION = 1;
    public static final int NONCE_BYTES = 32;
    public static final String MESSAGE_TAG = "proofmesh-probe-v1";
    /** The largest challenge body a node agent needs to read; anything larger is not a challenge. */
    public static final int MAX_BODY_BYTES = 1024;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> FIELDS = Set.of("v", "network", "chainId", "proberId", "nodeId", "nonce");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    public ProbeChallenge {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(proberId, "proberId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(nonce, "nonce");
        if (!SigningDomain.NETWORK.matcher(network).matches()) {
            throw new InvalidChallengeException("network must match " + SigningDomain.NETWORK.pattern() + ", got '" + network + "'");
        }
        if (chainId < 1) {
            throw new InvalidChallengeException("chainId must be positive, got " + chainId);
        }
        if (!ID.matcher(proberId).matches()) {
            throw new InvalidChallengeException("proberId must match " + ID.pattern() + ", got '" + proberId + "'");
        }
        if (!Addresses.isCanonical(nodeId)) {
            throw new InvalidChallengeException("nodeId must be a lower-case 0x address, got '" + nodeId + "'");
        }
        if (nonce.length != NONCE_BYTES) {
            throw new InvalidChallengeException("nonce must be " + NONCE_BYTES + " bytes, got " + nonce.length);
        }
        nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    public String nonceHex() {
        return "0x" + HEX.formatHex(nonce);
    }

    /**
     * The exact bytes the node signs with EIP-191 (personal_sign): six lines joined by a single
     * LF, no trailing newline, ASCII only.
     */
    public byte[] signedMessage() {
        String text = MESSAGE_TAG
                + "\nnetwork:" + network
                + "\nchainId:" + chainId
                + "\nproberId:" + proberId
                + "\nnodeId:" + nodeId
                + "\nnonce:" + nonceHex();
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The HTTP request body the prober POSTs to the node's probe endpoint (compact JSON). */
    public byte[] toRequestBody() {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION);
        n.put("network", network);
        n.put("chainId", chainId);
        n.put("proberId", proberId);
        n.put("nodeId", nodeId);
        n.put("nonce", nonceHex());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a challenge body strictly: exactly the six fields, right types and forms. */
    public static ProbeChallenge parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new InvalidChallengeException("a challenge is at most " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw new InvalidChallengeException("a challenge is a JSON object");
        }
        if (n == null || !n.isObject()) {
            throw new InvalidChallengeException("a challenge is a JSON object");
        }
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new InvalidChallengeException("unknown field '" + f + "'");
            }
        }
        if (!n.path("v").isIntegralNumber() || n.get("v").asLong() != VERSION) {
            throw new InvalidChallengeException("'v' must be " + VERSION);
        }
        if (!n.path("chainId").isIntegralNumber() || !n.get("chainId").canConvertToLong()) {
            throw new InvalidChallengeException("'chainId' must be an integer");
        }
        String nonceText = text(n, "nonce");
        if (!nonceText.matches("0x[0-9a-f]{" + (2 * NONCE_BYTES) + "}")) {
            throw new InvalidChallengeException("'nonce' must be 0x + " + (2 * NONCE_BYTES) + " lower-case hex digits");
        }
        return new ProbeChallenge(text(n, "network"), n.get("chainId").asLong(), text(n, "proberId"), text(n, "nodeId"),
                HEX.parseHex(nonceText.substring(2)));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidChallengeException("'" + field + "' must be a string");
        }
        return v.asText();
    }

    /** The node's answer body: {@code {"signature":"0x<130 hex>"}}. */
    public static byte[] answerBody(byte[] signature) {
        return ("{\"signature\":\"0x" + HEX.formatHex(signature) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /** The 65-byte signature from a node's answer body; {@link InvalidChallengeException} if it is not one. */
    public static byte[] parseAnswer(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new InvalidChallengeException("an answer is at most " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject() || n.size() != 1 || !n.path("signature").isTextual()) {
                throw new InvalidChallengeException("an answer is {\"signature\":\"0x…\"}");
            }
            String s = n.get("signature").asText();
            if (!s.matches("0x[0-9a-fA-F]{130}")) {
                throw new InvalidChallengeException("'signature' must be 0x + 130 hex digits");
            }
            return HEX.parseHex(s.substring(2));
        } catch (IOException e) {
            throw new InvalidChallengeException("an answer is a JSON object");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeChallenge c && network.equals(c.network) && chainId == c.chainId
                && proberId.equals(c.proberId) && nodeId.equals(c.nodeId) && java.util.Arrays.equals(nonce, c.nonce);
    }

    @Override
    public int hashCode() {
        return Objects.hash(network, chainId, proberId, nodeId, java.util.Arrays.hashCode(nonce));
    }

    @Override
    public String toString() {
        return "ProbeChallenge[" + network + "/" + chainId + " " + proberId + " -> " + nodeId + " " + nonceHex() + "]";
    }

    /** A challenge or answer that does not follow PROTOCOL.md §9. */
    public static final class InvalidChallengeException extends RuntimeException {
        public InvalidChallengeException(String message) {
            super(message);
        }
    }
}
