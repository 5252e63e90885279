package io.proofmesh.streams.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Value serdes of the topology's topics. In a deployment they are the Confluent wire format with
 * the schema registry ({@link RegistrySerdes}); topology tests pass plain Avro binary instead, so
 * the scoring logic is tested without a registry.
 */
public interface ScoringSerdes {

    <T extends SpecificRecord> Serde<T> value(Class<T> type);
}
