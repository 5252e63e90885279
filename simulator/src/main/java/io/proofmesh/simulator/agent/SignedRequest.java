package io.proofmesh.simulator.agent;

import java.util.HexFormat;

/**
 * One telemetry request as it goes on the wire: the exact body bytes and the signature header
 * value over them. Retries send this same object again (PROTOCOL.md §5: never re-sign a seq).
 *
 * @param eventCount how many events the body carries
 */
public record SignedRequest(String nodeId, long seq, byte[] body, String signatureHeader, int eventCount) {

    private static final HexFormat HEX = HexFormat.of();

    public static SignedRequest of(String nodeId, long seq, byte[] body, byte[] signature, int eventCount) {
        return new SignedRequest(nodeId, seq, body, "0x" + HEX.formatHex(signature), eventCount);
    }
}
