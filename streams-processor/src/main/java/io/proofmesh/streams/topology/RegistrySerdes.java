package io.proofmesh.streams.topology;

import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Confluent-wire-format Avro through the schema registry, as every other proofmesh client writes. */
public final class RegistrySerdes implements ScoringSerdes {

    private final SchemaRegistryClient registry;

    public RegistrySerdes(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public <T extends SpecificRecord> Serde<T> value(Class<T> type) {
        return Serdes.serdeFrom(new AvroSerializer<>(registry, false), AvroDeserializer.specific(registry, type));
    }
}
