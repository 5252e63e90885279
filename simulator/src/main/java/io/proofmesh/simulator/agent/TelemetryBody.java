package io.proofmesh.simulator.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Encodes a protocol-v1 telemetry body (PROTOCOL.md §3.2): compact UTF-8 JSON, fields in the
 * table's order. The agent signs these exact bytes and sends the same buffer (§2).
 */
public final class TelemetryBody {

    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private TelemetryBody() {
    }

    public static byte[] encode(String network, long chainId, String nodeId, long seq, long sentAt, List<? extends NodeEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 200 * events.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("network", network);
            g.writeNumberField("chainId", chainId);
            g.writeStringField("nodeId", nodeId);
            g.writeNumberField("seq", seq);
            g.writeNumberField("sentAt", sentAt);
            g.writeArrayFieldStart("events");
            for (NodeEvent e : events) {
                e.write(g);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
