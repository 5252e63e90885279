package io.proofmesh.ingest.protocol;

import io.proofmesh.platform.protocol.SigningDomain;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What ingest signs when it accepts a request: the 202 response body (PROTOCOL.md, "Receipt").
 * {@link #toJson()} is the one encoding — compact, fields in this order, no whitespace — so
 * the same receipt always has the same bytes and the same signature.
 *
 * @param domain        the deployment (network, chainId)
 * @param ingestId      the accepting ingest instance
 * @param ingestAddress lower-case 0x address of ingest's receipt key (the signer of this receipt)
 * @param nodeId        the request's nodeId
 * @param seq           the request's seq
 * @param bodyDigest    keccak256 of the exact request body (32 bytes)
 * @param receivedAt    ingest's receive time, millisecond precision
 * @param events        where each event of the request was written, by eventIndex
 */
public record Receipt(SigningDomain domain, String ingestId, String ingestAddress, String nodeId, long seq,
        byte[] bodyDigest, Instant receivedAt, List<EventPosition> events) {

    public static final int VERSION = 1;

    /** Where one event went: its topic, partition and offset as Kafka acknowledged them. */
    public record EventPosition(int eventIndex, String topic, int partition, long offset) {
    }

    public Receipt {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(ingestId, "ingestId");
        Objects.requireNonNull(ingestAddress, "ingestAddress");
        Objects.requireNonNull(nodeId, "nodeId");
        if (bodyDigest.length != 32) {
            throw new IllegalArgumentException("bodyDigest must be 32 bytes");
        }
        bodyDigest = bodyDigest.clone();
        events = List.copyOf(events);
    }

    /** The receipt of an accepted request. */
    public static Receipt of(SigningDomain domain, String ingestId, String ingestAddress, VerifiedRequest accepted,
            List<EventPosition> events) {
        return new Receipt(domain, ingestId, ingestAddress, accepted.request().nodeId(), accepted.request().seq(),
                accepted.bodyDigest(), accepted.receivedAt(), events);
    }

    @Override
    public byte[] bodyDigest() {
        return bodyDigest.clone();
    }

    /** The exact response body bytes: UTF-8 JSON, compact, fields in declaration order. */
    public byte[] toJson() {
        StringBuilder out = new StringBuilder(256 + 64 * events.size());
        out.append("{\"v\":").append(VERSION);
        out.append(",\"network\":");
        JsonText.appendString(out, domain.network());
        out.append(",\"chainId\":").append(domain.chainId());
        out.append(",\"ingestId\":");
        JsonText.appendString(out, ingestId);
        out.append(",\"ingestAddress\":");
        JsonText.appendString(out, ingestAddress);
        out.append(",\"nodeId\":");
        JsonText.appendString(out, nodeId);
        out.append(",\"seq\":").append(seq);
        out.append(",\"bodyDigest\":\"0x").append(HexFormat.of().formatHex(bodyDigest)).append('"');
        out.append(",\"receivedAt\":").append(receivedAt.toEpochMilli());
        out.append(",\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            EventPosition e = events.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"eventIndex\":").append(e.eventIndex());
            out.append(",\"topic\":");
            JsonText.appendString(out, e.topic());
            out.append(",\"partition\":").append(e.partition());
            out.append(",\"offset\":").append(e.offset()).append('}');
        }
        out.append("]}");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
