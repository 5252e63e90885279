package io.proofmesh.simulator.agent;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A verified 202 receipt (PROTOCOL.md §6): the exact response body and ingest's signature over
 * it — the node's proof of submission — with the fields read out.
 */
public record Receipt(byte[] body, String signatureHeader, String network, long chainId, String ingestId,
                      String ingestAddress, String nodeId, long seq, String bodyDigest, long receivedAt,
                      List<EventPosition> events) {

    /** Where ingest wrote one event. */
    public record EventPosition(int eventIndex, String topic, int partition, long offset) { }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
