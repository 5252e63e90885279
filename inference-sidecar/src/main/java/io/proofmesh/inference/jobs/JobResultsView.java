package io.proofmesh.inference.jobs;

import io.proofmesh.schemas.jobs.JobResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job results ingest accepted ({@code jobs.results}), by jobId, for {@code GET /v1/jobs/{id}}:
 * read from {@code lookback} ago, then followed; the first accepted result of a job is the one
 * kept (a job answered again after a sidecar restart is deduplicated downstream the same way).
 * Bounded: the oldest jobs are forgotten past {@code capacity}.
 */
public final class JobResultsView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobResultsView.class);

    private final Supplier<Consumer<String, JobResult>> consumers;
    private final String topic;
    private final Duration lookback;
    private final Map<String, JobResult> results;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Consumer<String, JobResult> consumer;

    public JobResultsView(Supplier<Consumer<String, JobResult>> consumers, String topic, Duration lookback, int capacity) {
        this.consumers = consumers;
        this.topic = topic;
        this.lookback = lookback;
        this.results = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JobResult> eldest) {
                return size() > capacity;
            }
        };
        this.thread = new Thread(this::follow, "job-results-view");
        this.thread.setDaemon(true);
    }

    public JobResultsView start() {
        thread.start();
        return this;
    }

    public Optional<JobResult> result(String jobId) {
        synchronized (results) {
            return Optional.ofNullable(results.get(jobId));
        }
    }

    private void follow() {
        try (Consumer<String, JobResult> c = consumers.get()) {
            consumer = c;
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            c.assign(tps);
            long from = System.currentTimeMillis() - lookback.toMillis();
            Map<TopicPartition, Long> query = new LinkedHashMap<>();
            tps.forEach(tp -> query.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            for (TopicPartition tp : tps) {
                OffsetAndTimestamp o = offsets.get(tp);
                c.seek(tp, o != null ? o.offset() : ends.get(tp));
            }
            while (running.get()) {
                for (ConsumerRecord<String, JobResult> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        synchronized (results) {
                            results.putIfAbsent(r.value().getJobId(), r.value());
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("job results view stopped: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        running.set(false);
        Consumer<String, JobResult> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
