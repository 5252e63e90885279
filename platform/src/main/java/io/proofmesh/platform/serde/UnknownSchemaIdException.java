package io.proofmesh.platform.serde;

import io.proofmesh.platform.registry.SchemaRegistryException;
import org.apache.kafka.common.errors.SerializationException;

/** A record names a schema id that the registry does not know (e.g. written against another registry). */
public class UnknownSchemaIdException extends SerializationException {

    private final String topic;
    private final int schemaId;

    public UnknownSchemaIdException(String topic, int schemaId, SchemaRegistryException cause) {
        super("topic " + topic + ": record written with schema id " + schemaId
                + ", which the registry does not know (" + cause.getMessage() + "). Was the topic written "
                + "against another schema registry? Point --registry-url at that one.", cause);
        this.topic = topic;
        this.schemaId = schemaId;
    }

    public String topic() {
        return topic;
    }

    public int schemaId() {
        return schemaId;
    }
}
