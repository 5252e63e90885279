package io.proofmesh.platform.serde;

import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro serializer in the Confluent wire format for SpecificRecord and GenericRecord values.
 * Subjects follow TopicNameStrategy ({@code <topic>-value} / {@code <topic>-key}).
 *
 * <p>Hot path: one map lookup for the schema id and one for the datum writer (both keyed by
 * schema identity after the first record), a thread-confined buffer and encoder; no
 * reflection, no schema parsing, no HTTP after the first record of each schema.
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    /** Property for Kafka's class-name based configuration: the registry base URL. */
    public static final String REGISTRY_URL_CONFIG = "schema.registry.url";

    private SchemaRegistryClient registry;
    private boolean isKey;
    private final Map<TopicSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    private record TopicSchema(String topic, Schema schema) { }

    /** The last (topic, schema) → id, compared by identity: a producer mostly writes one type to one topic. */
    private record LastId(String topic, Schema schema, int id) { }

    private volatile LastId last;

    /** An unsynchronised ByteArrayOutputStream (the JDK's locks on every write). */
    private static final class Buffer extends java.io.OutputStream {
        byte[] buf = new byte[256];
        int count;

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }

    private static final class Buffers {
        final Buffer out = new Buffer();
        BinaryEncoder encoder;
    }

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient registry, boolean isKey) {
        this.registry = registry;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (registry == null) {
            Object url = configs.get(REGISTRY_URL_CONFIG);
            if (url == null) {
                throw new SerializationException("AvroSerializer needs '" + REGISTRY_URL_CONFIG + "' in its configs");
            }
            registry = new SchemaRegistryClient(url.toString());
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        int id = schemaId(topic, schema);
        Buffers b = buffers.get();
        b.out.count = WireFormat.HEADER_SIZE; // the header is written into the copy below
        try {
            b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
            writer(schema, data).write(data, b.encoder);
            b.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("topic " + topic + ": cannot encode " + schema.getFullName()
                    + " with schema id " + id + ": " + e.getMessage(), e);
        }
        byte[] bytes = java.util.Arrays.copyOf(b.out.buf, b.out.count);
        WireFormat.writeHeader(bytes, id);
        if (b.out.buf.length > 1 << 20) {
            buffers.remove(); // don't pin a huge buffer to a long-lived thread
        }
        return bytes;
    }

    /** The registry id this serializer uses for {@code schema} on {@code topic} (registering it if needed). */
    public int schemaId(String topic, Schema schema) {
        LastId l = last;
        if (l != null && l.topic() == topic && l.schema() == schema) {
            return l.id();
        }
        TopicSchema key = new TopicSchema(topic, schema);
        Integer id = ids.get(key);
        if (id == null) {
            String subject = topic + (isKey ? "-key" : "-value");
            try {
                id = registry.register(subject, schema);
            } catch (SchemaRegistryException e) {
                throw new SerializationException("cannot register the schema of " + schema.getFullName()
                        + " for topic " + topic + ": " + e.getMessage(), e);
            }
            ids.put(key, id);
        }
        last = new LastId(topic, schema, id);
        return id;
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<Object> writer(Schema schema, T data) {
        DatumWriter<Object> w = writers.get(schema);
        if (w == null) {
            w = data instanceof SpecificRecord
                    ? new SpecificDatumWriter<>(schema)
                    : (DatumWriter<Object>) (DatumWriter<?>) new GenericDatumWriter<>(schema, AvroModels.generic());
            writers.put(schema, w);
        }
        return w;
    }
}
