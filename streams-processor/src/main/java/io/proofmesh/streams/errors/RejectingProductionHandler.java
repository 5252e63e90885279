package io.proofmesh.streams.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output the broker will never take (too large) or that cannot be serialized goes to
 * {@code telemetry.rejected} (reason UNPRODUCIBLE, with the input's position) instead of killing
 * the stream thread in a loop; every other send error fails the task so exactly-once retries it.
 */
public final class RejectingProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RejectingProductionHandler.class);

    private RejectedRecords rejected;

    @Override
    public void configure(Map<String, ?> configs) {
        rejected = RejectedRecords.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException) {
            return reject(context, record, exception);
        }
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        return reject(context, null, exception);
    }

    private Response reject(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        LOG.error("output to {} could not be produced ({}); input {}-{}@{} recorded in telemetry.rejected",
                record == null ? "?" : record.topic(), exception.toString(), context.topic(), context.partition(),
                context.offset());
        return Response.resume(List.of(rejected.record("UNPRODUCIBLE",
                "output " + (record == null ? "" : "to " + record.topic() + " ") + "could not be produced: "
                        + exception.getMessage(), context.sourceRawKey(), context.sourceRawValue(), context.topic(),
                context.partition(), context.offset(), context.timestamp())));
    }
}
