package io.proofmesh.ingest.protocol;

import org.apache.avro.specific.SpecificRecord;

/**
 * One accepted event as it goes to Kafka.
 *
 * @param eventIndex position in the request's {@code events} (third part of the dedupe key)
 * @param topic      destination topic (TopicCatalog name)
 * @param key        record key: the nodeId
 * @param value      the Avro record (Heartbeat, CapacityReport or JobResult) with its Provenance
 */
public record MappedEvent(int eventIndex, String topic, String key, SpecificRecord value) {
}
