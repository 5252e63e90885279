package io.proofmesh.platform.serde;

import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro. With a target class it resolves every writer schema against
 * that class's schema (so old and new writers are read as today's type); without one it
 * returns GenericRecords in the writer's schema.
 *
 * <p>Readers are cached per writer schema id: after the first record of an id, decoding costs
 * no HTTP call and no schema parsing. An unknown id fails with {@link UnknownSchemaIdException}.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    public static final String REGISTRY_URL_CONFIG = AvroSerializer.REGISTRY_URL_CONFIG;
    /** Optional, for reflective construction: the SpecificRecord class to read into. */
    public static final String SPECIFIC_CLASS_CONFIG = "proofmesh.avro.specific.class";

    private SchemaRegistryClient registry;
    private Schema readerSchema;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroDeserializer() {
    }

    private AvroDeserializer(SchemaRegistryClient registry, Schema readerSchema) {
        this.registry = registry;
        this.readerSchema = readerSchema;
    }

    public static <R extends SpecificRecord> AvroDeserializer<R> specific(SchemaRegistryClient registry, Class<R> type) {
        return new AvroDeserializer<>(registry, SpecificData.get().getSchema(type));
    }

    public static AvroDeserializer<org.apache.avro.generic.GenericRecord> generic(SchemaRegistryClient registry) {
        return new AvroDeserializer<>(registry, null);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            Object url = configs.get(REGISTRY_URL_CONFIG);
            if (url == null) {
                throw new SerializationException("AvroDeserializer needs '" + REGISTRY_URL_CONFIG + "' in its configs");
            }
            registry = new SchemaRegistryClient(url.toString());
        }
        Object cls = configs.get(SPECIFIC_CLASS_CONFIG);
        if (readerSchema == null && cls != null) {
            try {
                readerSchema = SpecificData.get().getSchema(Class.forName(cls.toString()));
            } catch (ClassNotFoundException e) {
                throw new SerializationException("'" + SPECIFIC_CLASS_CONFIG + "' names " + cls + ", which is not on the classpath");
            }
        }
    }

    @Override
    public T deserialize(String topic, byte[] payload) {
        if (payload == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, payload);
        DatumReader<T> reader = reader(topic, id);
        try {
            BinaryDecoder d = DecoderFactory.get().binaryDecoder(payload, WireFormat.HEADER_SIZE,
                    payload.length - WireFormat.HEADER_SIZE, decoders.get());
            decoders.set(d);
            return reader.read(null, d);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("topic " + topic + ": cannot decode Avro written with schema id "
                    + id + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<T> reader(String topic, int id) {
        DatumReader<T> r = readers.get(id);
        if (r != null) {
            return r;
        }
        Schema writer;
        try {
            writer = registry.getById(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new UnknownSchemaIdException(topic, id, e);
            }
            throw new SerializationException("topic " + topic + ": cannot fetch schema id " + id + ": " + e.getMessage(), e);
        }
        r = readerSchema == null
                ? new GenericDatumReader<>(writer, writer, AvroModels.generic())
                : new SpecificDatumReader<>(writer, readerSchema);
        readers.put(id, r);
        return r;
    }
}
