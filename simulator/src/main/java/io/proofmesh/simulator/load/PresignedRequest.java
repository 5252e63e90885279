package io.proofmesh.simulator.load;

/**
 * One telemetry request signed ahead of the run: the exact body and its signature header.
 *
 * @param node            index of the sending node in its {@link LoadFleet}
 * @param seq             the body's seq
 * @param events          events in the body
 * @param body            the exact signed bytes (PROTOCOL.md §2)
 * @param signatureHeader value of {@code X-Proofmesh-Signature}
 */
public record PresignedRequest(int node, long seq, int events, byte[] body, String signatureHeader) {
}
