package io.proofmesh.simulator.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.crypto.InvalidSignatureException;
import io.proofmesh.platform.crypto.Keccak256;
import io.proofmesh.platform.crypto.SignerRecovery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks a 202 the way PROTOCOL.md §6 lets anyone check it: the signature header recovers to the
 * receipt's {@code ingestAddress} (and to the pinned ingest address, if the agent knows it), the
 * receipt names this request (nodeId, seq, keccak256 of the body sent) and one position per event.
 */
public final class ReceiptVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final SignerRecovery recovery;
    private final Optional<String> expectedIngestAddress;

    public ReceiptVerifier(SignerRecovery recovery, Optional<String> expectedIngestAddress) {
        this.recovery = recovery;
        this.expectedIngestAddress = expectedIngestAddress.map(String::toLowerCase);
    }

    public Receipt verify(SignedRequest request, byte[] responseBody, String signatureHeader) throws InvalidReceiptException {
        if (signatureHeader == null) {
            throw new InvalidReceiptException("the 202 has no X-Proofmesh-Signature header");
        }
        String h = signatureHeader.trim();
        if (!h.matches("0x[0-9a-fA-F]{130}")) {
            throw new InvalidReceiptException("the receipt signature header is not 0x + 130 hex digits");
        }
        Receipt r = parse(responseBody, h);
        String signer;
        try {
            signer = recovery.recoverPersonalSigner(responseBody, HEX.parseHex(h.substring(2)));
        } catch (InvalidSignatureException e) {
            throw new InvalidReceiptException("the receipt signature is invalid: " + e.getMessage());
        }
        if (!signer.equals(r.ingestAddress())) {
            throw new InvalidReceiptException("the receipt is signed by " + signer + ", not by its ingestAddress "
                    + r.ingestAddress());
        }
        if (expectedIngestAddress.isPresent() && !expectedIngestAddress.get().equals(signer)) {
            throw new InvalidReceiptException("the receipt is signed by " + signer + ", not by the expected ingest "
                    + expectedIngestAddress.get());
        }
        String digest = "0x" + HEX.formatHex(Keccak256.hash(request.body()));
        if (!digest.equals(r.bodyDigest())) {
            throw new InvalidReceiptException("the receipt's bodyDigest " + r.bodyDigest() + " is not keccak256 of the body sent ("
                    + digest + ")");
        }
        if (!request.nodeId().equals(r.nodeId()) || request.seq() != r.seq()) {
            throw new InvalidReceiptException("the receipt is for " + r.nodeId() + " seq " + r.seq() + ", not this request");
        }
        if (r.events().size() != request.eventCount()) {
            throw new InvalidReceiptException("the receipt lists " + r.events().size() + " events; the request had "
                    + request.eventCount());
        }
        for (int i = 0; i < r.events().size(); i++) {
            if (r.events().get(i).eventIndex() != i) {
                throw new InvalidReceiptException("the receipt's events are not in eventIndex order");
            }
        }
        return r;
    }

    static Receipt parse(byte[] body, String signatureHeader) throws InvalidReceiptException {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw new InvalidReceiptException("the receipt is not JSON");
        }
        if (n == null || !n.isObject() || n.path("v").asInt() != 1) {
            throw new InvalidReceiptException("the receipt is not a version-1 receipt object");
        }
        List<Receipt.EventPosition> events = new ArrayList<>();
        for (JsonNode e : n.path("events")) {
            events.add(new Receipt.EventPosition(e.path("eventIndex").asInt(-1), e.path("topic").asText(),
                    e.path("partition").asInt(-1), e.path("offset").asLong(-1)));
        }
        for (String f : List.of("network", "chainId", "ingestId", "ingestAddress", "nodeId", "seq", "bodyDigest", "receivedAt")) {
            if (!n.has(f)) {
                throw new InvalidReceiptException("the receipt has no '" + f + "'");
            }
        }
        return new Receipt(body, signatureHeader.toLowerCase(), n.get("network").asText(), n.get("chainId").asLong(),
                n.get("ingestId").asText(), n.get("ingestAddress").asText(), n.get("nodeId").asText(), n.get("seq").asLong(),
                n.get("bodyDigest").asText(), n.get("receivedAt").asLong(), List.copyOf(events));
    }
}
