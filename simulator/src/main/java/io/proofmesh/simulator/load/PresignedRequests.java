package io.proofmesh.simulator.load;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.simulator.agent.NodeEvent;
import io.proofmesh.simulator.agent.TelemetryBody;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Builds and signs a round of heartbeat requests before the clock starts, so the load
 * generator spends nothing on signing during the run (signing is the nodes' cost, not the
 * gateway's). Requests go round-robin over the fleet; each node's seqs increase in list order.
 * Every body carries one {@code sentAt} (the time of signing): a round must be sent within
 * ingest's clock-skew window (±5 min by default), so sign a round per run, not one for all.
 */
public final class PresignedRequests {

    private static final HexFormat HEX = HexFormat.of();
    private static final String AGENT = "proofmesh-bench/0.1.0";

    private PresignedRequests() {
    }

    /**
     * {@code count} requests of {@code eventsPerRequest} heartbeats each, request i from node
     * i mod fleet size, signed in parallel.
     */
    public static List<PresignedRequest> sign(LoadFleet fleet, String network, long chainId, int eventsPerRequest,
                                              int count, long sentAtMillis) {
        if (eventsPerRequest < 1 || eventsPerRequest > 100) {
            throw new IllegalArgumentException("events per request must be 1..100 (PROTOCOL.md §3.4), got " + eventsPerRequest);
        }
        int k = fleet.size();
        long[] firstSeq = new long[k];
        for (int n = 0; n < k; n++) {
            int perNode = count / k + (n < count % k ? 1 : 0);
            firstSeq[n] = fleet.reserveSeqs(n, perNode);
        }
        PresignedRequest[] out = new PresignedRequest[count];
        IntStream.range(0, count).parallel().forEach(i -> {
            int node = i % k;
            long seq = firstSeq[node] + i / k;
            MessageSigner signer = fleet.node(node);
            List<NodeEvent> events = new ArrayList<>(eventsPerRequest);
            for (int e = 0; e < eventsPerRequest; e++) {
                events.add(new NodeEvent.Heartbeat(3_600L + seq % 100_000, (int) ((seq * 7919 + e) % 1_000_001),
                        (int) ((seq * 104729 + e) % 1_000_001), e % 8, AGENT));
            }
            byte[] body = TelemetryBody.encode(network, chainId, signer.address(), seq, sentAtMillis, events);
            out[i] = new PresignedRequest(node, seq, eventsPerRequest, body, "0x" + HEX.formatHex(signer.signPersonal(body)));
        });
        return Arrays.asList(out);
    }
}
