package io.proofmesh.inference.jobs;

import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes jobs to {@code jobs.requests} (key = jobId) and answers only once Kafka has them
 * (acks=all, idempotent producer): a 202 means the job will reach a sidecar.
 */
public final class JobSubmitter {

    /** Where a job landed. */
    public record Submitted(String jobId, int partition, long offset) {}

    private final Producer<String, SpecificRecord> producer;

    public JobSubmitter(Producer<String, SpecificRecord> producer) {
        this.producer = producer;
    }

    public Submitted submit(InferenceJob job) throws KafkaUnavailableException {
        try {
            RecordMetadata m = producer.send(new ProducerRecord<>(TopicCatalog.JOB_REQUESTS.name(), job.getJobId(), job))
                    .get(15, TimeUnit.SECONDS);
            return new Submitted(job.getJobId(), m.partition(), m.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while writing the job", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not take the job: " + e.getMessage(), e);
        }
    }

    /** Kafka did not acknowledge the job: HTTP 503 with Retry-After. */
    public static final class KafkaUnavailableException extends Exception {
        public KafkaUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
