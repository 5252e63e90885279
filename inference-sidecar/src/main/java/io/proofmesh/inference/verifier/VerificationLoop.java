package io.proofmesh.inference.verifier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.serde.UndecodableRecordException;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier's Kafka loop, on one thread: follows all of {@code jobs.requests} (assigned, from
 * {@code lookback} ago; the verifier must know every job's inputs), and {@code jobs.results} in
 * its own consumer group; each result goes through {@link Verifier} and each verdict is written
 * to {@code jobs.verifications} keyed by nodeId (idempotent producer, acks=all). Result offsets
 * are committed after the batch's verdicts are flushed. A sampled result whose job has not been
 * seen yet (the two topics are read independently) waits up to {@code requestWait}.
 */
public final class VerificationLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VerificationLoop.class);

    /** A sampled result whose job has not been seen yet; its offset is not committed while it waits. */
    private record Waiting(JobResult result, TopicPartition tp, long offset, long until) {}

    private final Verifier verifier;
    private final Consumer<String, InferenceJob> requests;
    private final Consumer<String, JobResult> results;
    private final Producer<String, SpecificRecord> producer;
    private final Duration lookback;
    private final Duration requestWait;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final List<Waiting> waiting = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Thread thread;

    public VerificationLoop(Verifier verifier, Consumer<String, InferenceJob> requests, Consumer<String, JobResult> results,
                            Producer<String, SpecificRecord> producer, Duration lookback, Duration requestWait, Clock clock,
                            MeterRegistry metrics) {
        this.verifier = verifier;
        this.requests = requests;
        this.results = results;
        this.producer = producer;
        this.lookback = lookback;
        this.requestWait = requestWait;
        this.clock = clock;
        this.metrics = metrics;
        for (String v : List.of("MATCH", "MISMATCH")) {
            for (String c : List.of("true", "false")) {
                verdicts(v, c);
            }
        }
        for (String r : List.of(Verifier.UNKNOWN_JOB, Verifier.NOT_OK, Verifier.DUPLICATE, Verifier.REFERENCE_UNAVAILABLE,
                "undecodable")) {
            skipped(r);
        }
        this.thread = new Thread(this::loop, "verifier");
    }

    public VerificationLoop start() {
        thread.start();
        return this;
    }

    private Counter verdicts(String verdict, String canary) {
        return Counter.builder("proofmesh_verifier_verifications_total").description("verdicts written to jobs.verifications")
                .tag("verdict", verdict).tag("canary", canary).register(metrics);
    }

    private Counter skipped(String reason) {
        return Counter.builder("proofmesh_verifier_skipped_total")
                .description("results that were due for verification but could not be verified").tag("reason", reason)
                .register(metrics);
    }

    private void loop() {
        try {
            seekRequests();
            results.subscribe(List.of(TopicCatalog.JOB_RESULTS.name()));
            while (running.get()) {
                pollRequests();
                boolean any = false;
                try {
                    for (ConsumerRecord<String, JobResult> r : RecordPolling.poll(results, Duration.ofMillis(200))) {
                        any = true;
                        if (r.value() != null) {
                            handle(new Waiting(r.value(), new TopicPartition(r.topic(), r.partition()), r.offset(),
                                    clock.millis() + requestWait.toMillis()));
                        }
                    }
                } catch (UndecodableRecordException e) {
                    skipped("undecodable").increment();
                    LOG.warn("skipping undecodable result {}-{}@{}: {}", e.topic(), e.partition(), e.offset(), e.getMessage());
                    results.seek(new TopicPartition(e.topic(), e.partition()), e.offset() + 1);
                }
                if (retryWaiting() || any) {
                    producer.flush();
                    Exception failed = sendFailure.get();
                    if (failed != null) {
                        // stop before committing: a restart re-reads and re-verifies these results
                        throw new IllegalStateException("verdicts could not be written to jobs.verifications: " + failed, failed);
                    }
                    commit();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("verifier stopped: {}", e.toString(), e);
        } finally {
            results.close(Duration.ofSeconds(5));
            requests.close(Duration.ofSeconds(5));
        }
    }

    private void seekRequests() {
        String topic = TopicCatalog.JOB_REQUESTS.name();
        List<TopicPartition> tps = new ArrayList<>();
        requests.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
        requests.assign(tps);
        Map<TopicPartition, Long> query = new LinkedHashMap<>();
        long from = clock.millis() - lookback.toMillis();
        tps.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = requests.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = requests.endOffsets(tps);
        for (TopicPartition tp : tps) {
            OffsetAndTimestamp o = offsets.get(tp);
            requests.seek(tp, o != null ? o.offset() : ends.get(tp));
        }
    }

    private void pollRequests() {
        try {
            for (ConsumerRecord<String, InferenceJob> r : RecordPolling.poll(requests, Duration.ofMillis(20))) {
                if (r.value() != null) {
                    verifier.jobSeen(r.value());
                }
            }
        } catch (UndecodableRecordException e) {
            requests.seek(new TopicPartition(e.topic(), e.partition()), e.offset() + 1);
        }
    }

    /** Commits what was handled, but not past a result still waiting for its job. */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : results.assignment()) {
            long upTo = results.position(tp);
            for (Waiting w : waiting) {
                if (w.tp().equals(tp)) {
                    upTo = Math.min(upTo, w.offset());
                }
            }
            offsets.put(tp, new OffsetAndMetadata(upTo));
        }
        results.commitSync(offsets);
    }

    /** {@code w.until()}: when a result whose job is not known yet stops waiting for it. */
    private void handle(Waiting w) {
        JobResult r = w.result();
        Verifier.Outcome o;
        try {
            o = verifier.verify(r, clock.millis() >= w.until());
        } catch (RuntimeException e) {
            LOG.warn("could not verify result of job {} from {}: {}", r.getJobId(), r.getNodeId(), e.toString());
            skipped(Verifier.REFERENCE_UNAVAILABLE).increment();
            return;
        }
        switch (o.kind()) {
            case VERIFIED -> publish(o.verification());
            case SKIPPED -> skipped(o.skipReason()).increment();
            case AWAIT_JOB -> waiting.add(w);
            case NOT_SAMPLED -> { }
        }
    }

    /** True if there were results waiting (some may now be done, so the commit can move). */
    private boolean retryWaiting() {
        if (waiting.isEmpty()) {
            return false;
        }
        List<Waiting> again = new ArrayList<>(waiting);
        waiting.clear();
        for (Waiting w : again) {
            handle(w);
        }
        return true;
    }

    private void publish(JobVerification v) {
        producer.send(new ProducerRecord<>(TopicCatalog.JOB_VERIFICATIONS.name(), v.getNodeId(), v), (m, e) -> {
            if (e != null) {
                sendFailure.compareAndSet(null, e);
                LOG.error("verdict on job {} for {} not written: {}", v.getJobId(), v.getNodeId(), e.toString());
            }
        });
        verdicts(v.getVerdict().name(), Boolean.toString(v.getCanary())).increment();
        if (v.getVerdict() != io.proofmesh.schemas.jobs.Verdict.MATCH) {
            LOG.warn("MISMATCH: node {} job {} model {} max abs diff {} > tolerance {}{}", v.getNodeId(), v.getJobId(),
                    v.getModelId(), v.getMaxAbsDiff(), v.getTolerance(), v.getCanary() ? " (canary)" : "");
        }
    }

    /** False once the loop has stopped (closed, or a verdict could not be written). */
    public boolean alive() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running.set(false);
        results.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
