package io.proofmesh.inference.runner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.serde.UndecodableRecordException;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's loop: a member of the sidecars' consumer group on {@code jobs.requests}; each job
 * is run ({@link JobExecutor}, micro-batched for batchable models), its result signed and sent
 * through ingest ({@link ResultReporter}), and its offset committed only after ingest's 202
 * ({@link OffsetTracker}). A crash therefore re-runs exactly the jobs whose results ingest had
 * not acknowledged; a job answered twice that way is counted once downstream (by jobId).
 * Backpressure: the consumer pauses its partitions while too many jobs are in flight.
 */
public final class SidecarRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SidecarRunner.class);

    /** Micro-batching and backpressure limits. */
    public record Limits(int maxBatch, Duration maxWait, int maxInFlight) {
        public Limits {
            if (maxBatch < 1 || maxWait.isNegative() || maxInFlight < 1) {
                throw new IllegalArgumentException("max batch and max in flight must be >= 1, max wait >= 0");
            }
        }
    }

    private record Pending(TopicPartition tp, long offset, JobExecutor.QueuedJob job) {}

    private final Consumer<String, InferenceJob> consumer;
    private final JobExecutor executor;
    private final ResultReporter reporter;
    private final Predicate<String> batchable;
    private final Limits limits;
    private final Clock clock;
    private final OffsetTracker tracker = new OffsetTracker();
    private final LinkedBlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
    private final ConcurrentLinkedQueue<Pending> done = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread pollThread;
    private final Thread workThread;
    private final Counter received;
    private final Counter undecodable;
    private final Counter undelivered;
    private final MeterRegistry metrics;
    private final Timer batchTimer;
    private volatile boolean paused;

    public SidecarRunner(Consumer<String, InferenceJob> consumer, JobExecutor executor, ResultReporter reporter,
                         Predicate<String> batchable, Limits limits, Clock clock, MeterRegistry metrics) {
        this.consumer = consumer;
        this.executor = executor;
        this.reporter = reporter;
        this.batchable = batchable;
        this.limits = limits;
        this.clock = clock;
        this.metrics = metrics;
        this.received = Counter.builder("proofmesh_sidecar_jobs_received_total").register(metrics);
        this.undecodable = Counter.builder("proofmesh_sidecar_jobs_undecodable_total")
                .description("job records that could not be decoded (skipped; no jobId to answer)").register(metrics);
        this.undelivered = Counter.builder("proofmesh_sidecar_results_undelivered_total")
                .description("results ingest refused for good (the job's offset is still committed)").register(metrics);
        this.batchTimer = Timer.builder("proofmesh_sidecar_batch_seconds").description("time to run one batch")
                .register(metrics);
        Gauge.builder("proofmesh_sidecar_jobs_queued", queue, q -> q.size())
                .description("jobs polled and waiting for the work thread").register(metrics);
        this.pollThread = new Thread(this::pollLoop, "sidecar-poll");
        this.workThread = new Thread(this::workLoop, "sidecar-work");
    }

    public SidecarRunner start() {
        pollThread.start();
        workThread.start();
        return this;
    }

    private void pollLoop() {
        try {
            consumer.subscribe(List.of(TopicCatalog.JOB_REQUESTS.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    drainDone();
                    commit();
                    partitions.forEach(tracker::revoked);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.info("jobs.requests partitions assigned: {}", partitions);
                }
            });
            while (running.get()) {
                try {
                    for (ConsumerRecord<String, InferenceJob> r : RecordPolling.poll(consumer, Duration.ofMillis(100))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        received.increment();
                        tracker.started(tp, r.offset());
                        queue.add(new Pending(tp, r.offset(), new JobExecutor.QueuedJob(r.value(), clock.millis())));
                    }
                } catch (UndecodableRecordException e) {
                    // A record that is not an InferenceJob has no jobId to answer: skip it, loudly.
                    undecodable.increment();
                    LOG.warn("skipping undecodable job record {}-{}@{}: {}", e.topic(), e.partition(), e.offset(), e.getMessage());
                    TopicPartition tp = new TopicPartition(e.topic(), e.partition());
                    tracker.started(tp, e.offset());
                    tracker.done(tp, e.offset());
                    consumer.seek(tp, e.offset() + 1);
                }
                drainDone();
                commit();
                backpressure();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the sidecar's consumer stopped: {}", e.toString(), e);
        } finally {
            drainDone();
            commit();
        }
    }

    private void workLoop() {
        while (running.get() || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                String model = first.job().job().getModelId();
                if (batchable.test(model)) {
                    long until = System.nanoTime() + limits.maxWait().toNanos();
                    while (batch.size() < limits.maxBatch()) {
                        long left = until - System.nanoTime();
                        Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                        if (next == null) {
                            break;
                        }
                        if (!next.job().job().getModelId().equals(model)) {
                            queue.addFirst(next);
                            break;
                        }
                        batch.add(next);
                    }
                }
                List<JobExecutor.QueuedJob> jobs = batch.stream().map(Pending::job).toList();
                long t0 = System.nanoTime();
                List<JobOutcome> outcomes = executor.run(jobs);
                batchTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                for (int i = 0; i < batch.size(); i++) {
                    Pending p = batch.get(i);
                    JobOutcome o = outcomes.get(i);
                    Counter.builder("proofmesh_sidecar_jobs_total").tag("status", o.status().name()).register(metrics).increment();
                    reporter.report(o).whenComplete((d, e) -> {
                        if (e != null || !d.delivered()) {
                            undelivered.increment();
                            LOG.error("ingest did not take the result of job {} ({}); its offset is committed anyway so it "
                                    + "is not re-run forever", o.jobId(), e != null ? e.toString() : d.reasonCode());
                        }
                        done.add(p);
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("unexpected error running a batch: {}", e.toString(), e);
            }
        }
    }

    private void drainDone() {
        Pending p;
        while ((p = done.poll()) != null) {
            tracker.done(p.tp(), p.offset());
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> c = tracker.committable();
        if (!c.isEmpty()) {
            try {
                consumer.commitSync(c);
            } catch (RuntimeException e) {
                LOG.warn("offset commit failed ({}); the jobs after the last commit will be re-run", e.toString());
            }
        }
    }

    private void backpressure() {
        boolean full = tracker.inFlight() >= limits.maxInFlight();
        if (full && !paused) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (!full && paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            workThread.join(10_000);
            consumer.wakeup();
            pollThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
