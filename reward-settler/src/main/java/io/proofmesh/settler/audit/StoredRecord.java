package io.proofmesh.settler.audit;

/**
 * One decoded record as read back from a topic, with what the replay orders it by.
 *
 * @param topic     topic name
 * @param partition partition
 * @param offset    offset
 * @param timestamp the record timestamp (append time on the telemetry topics)
 * @param key       the record key, or null
 * @param value     the decoded Avro value, or null for a tombstone
 */
public record StoredRecord(String topic, int partition, long offset, long timestamp, String key, Object value) {}
