package io.proofmesh.streams.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An input record that cannot be decoded (not the wire format, unknown schema id, corrupt Avro)
 * is kept in {@code telemetry.rejected} with reason UNDECODABLE and its raw bytes, and processing
 * goes on: one bad record must not stop the scoring of every other node. Written in the same
 * transaction as the task's output.
 */
public final class RejectingDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RejectingDeserializationHandler.class);

    private RejectedRecords rejected;

    @Override
    public void configure(Map<String, ?> configs) {
        rejected = RejectedRecords.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOG.warn("undecodable record at {}-{}@{} sent to telemetry.rejected: {}", record.topic(), record.partition(),
                record.offset(), exception.toString());
        return Response.resume(List.of(rejected.record("UNDECODABLE",
                "cannot decode a record of " + record.topic() + ": " + exception.getMessage(), record.key(),
                record.value(), record.topic(), record.partition(), record.offset(), record.timestamp())));
    }
}
