package io.proofmesh.ingest.protocol;

import java.util.List;

/**
 * A parsed, structurally and semantically valid telemetry body (protocol version 1). It says
 * nothing yet about who signed it: see {@link VerifiedRequest}.
 *
 * @param version      protocol version, always 1 here
 * @param network      the signing domain's network name the node signed for
 * @param chainId      the signing domain's chain id the node signed for
 * @param nodeId       lower-case 0x address identifying the node (its original signing key)
 * @param seq          the node's request sequence number, ≥ 0, strictly increasing per node
 * @param sentAtMillis the node's send time, UTC milliseconds since the Unix epoch
 * @param events       1..100 events; an event's position in this list is its eventIndex
 */
public record TelemetryRequest(int version, String network, long chainId, String nodeId, long seq, long sentAtMillis,
        List<TelemetryEvent> events) {

    public TelemetryRequest {
        events = List.copyOf(events);
    }
}
