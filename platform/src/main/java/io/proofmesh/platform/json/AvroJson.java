package io.proofmesh.platform.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as plain JSON, field by field from the schema, so every component of a score shows
 * without hand-written mapping: bytes and fixed as 0x hex, timestamps as ISO-8601, unions unwrapped.
 */
public final class AvroJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AvroJson() {}

    public static ObjectNode of(IndexedRecord record) {
        ObjectNode out = F.objectNode();
        for (Schema.Field f : record.getSchema().getFields()) {
            out.set(f.name(), value(record.get(f.pos())));
        }
        return out;
    }

    public static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    private static JsonNode value(Object v) {
        if (v == null) {
            return F.nullNode();
        } else if (v instanceof IndexedRecord r) {
            return of(r);
        } else if (v instanceof GenericFixed fixed) {
            return F.textNode(hex(fixed.bytes()));
        } else if (v instanceof ByteBuffer buf) {
            ByteBuffer d = buf.duplicate();
            byte[] b = new byte[d.remaining()];
            d.get(b);
            return F.textNode(hex(b));
        } else if (v instanceof Instant t) {
            return F.textNode(t.toString());
        } else if (v instanceof Integer i) {
            return F.numberNode(i);
        } else if (v instanceof Long l) {
            return F.numberNode(l);
        } else if (v instanceof Boolean b) {
            return F.booleanNode(b);
        } else if (v instanceof Double d) {
            return F.numberNode(d);
        } else if (v instanceof Float d) {
            return F.numberNode(d);
        } else if (v instanceof List<?> list) {
            ArrayNode a = F.arrayNode();
            list.forEach(x -> a.add(value(x)));
            return a;
        } else if (v instanceof Map<?, ?> map) {
            ObjectNode o = F.objectNode();
            map.forEach((k, x) -> o.set(String.valueOf(k), value(x)));
            return o;
        } else if (v instanceof GenericContainer c) {
            return F.textNode(c.toString());
        }
        return F.textNode(v.toString()); // strings, enums
    }
}
