package io.proofmesh.platform.serde;

import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * A polled record could not be decoded. Unlike Kafka's own exception, the message carries the
 * topic, partition, offset and, when known, the schema id in one line, so it can be acted on
 * (inspected with kcat, skipped, or routed to the rejected topic).
 */
public class UndecodableRecordException extends RuntimeException {

    private final String topic;
    private final int partition;
    private final long offset;
    private final Integer schemaId;

    public UndecodableRecordException(RecordDeserializationException e) {
        super(describe(e), e);
        this.topic = e.topicPartition().topic();
        this.partition = e.topicPartition().partition();
        this.offset = e.offset();
        this.schemaId = schemaIdOf(e);
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** The writer schema id, or null when the payload was not Confluent-framed. */
    public Integer schemaId() {
        return schemaId;
    }

    private static Integer schemaIdOf(RecordDeserializationException e) {
        return e.getCause() instanceof UnknownSchemaIdException u ? u.schemaId() : null;
    }

    private static String describe(RecordDeserializationException e) {
        Integer id = schemaIdOf(e);
        return "cannot decode the " + e.origin().name().toLowerCase() + " of topic " + e.topicPartition().topic()
                + " partition " + e.topicPartition().partition() + " offset " + e.offset()
                + (id == null ? "" : " (schema id " + id + ")") + ": "
                + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
    }
}
