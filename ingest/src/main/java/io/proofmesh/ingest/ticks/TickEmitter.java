package io.proofmesh.ingest.ticks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.schemas.clock.Tick;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a {@link Tick} to every partition of {@code clock.ticks} at a fixed interval.
 *
 * <p>Why: the scoring topology closes epoch e on a partition once it has processed a record
 * appended at or after e's end + grace (DESIGN.md, lateness rule). A partition with no node
 * traffic would never see one, and its epochs would stay open forever; ticks, co-partitioned
 * with the telemetry topics and stamped with the broker's append time, move every partition's
 * time forward. Several emitters (one per ingest instance) are harmless: a tick only says
 * "time has passed". The partition list is re-read every round, so added partitions get ticks.
 */
public final class TickEmitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TickEmitter.class);

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final String emitterId;
    private final Duration interval;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    private final Counter sent;
    private final Counter failed;
    private final ScheduledExecutorService scheduler;
    private volatile long lastFailureLogMillis;

    public TickEmitter(Producer<String, SpecificRecord> producer, String topic, String emitterId, Duration interval, Clock clock,
                       MeterRegistry metrics) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("tick interval must be positive, got " + interval);
        }
        this.producer = producer;
        this.topic = topic;
        this.emitterId = emitterId;
        this.interval = interval;
        this.clock = clock;
        this.sent = Counter.builder("proofmesh_ticks_sent").description("ticks acknowledged by Kafka")
                .tag("topic", topic).register(metrics);
        this.failed = Counter.builder("proofmesh_ticks_failed").description("ticks Kafka did not acknowledge")
                .tag("topic", topic).register(metrics);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tick-emitter");
            t.setDaemon(true);
            return t;
        });
    }

    public TickEmitter start() {
        scheduler.scheduleAtFixedRate(this::tickAllPartitions, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("ticking every partition of {} every {} ms as {}", topic, interval.toMillis(), emitterId);
        return this;
    }

    /** One round: a tick to each partition (public for a manual tick, e.g. at shutdown). */
    public void tickAllPartitions() {
        try {
            List<PartitionInfo> partitions = producer.partitionsFor(topic);
            Instant now = clock.instant();
            long round = seq.incrementAndGet();
            for (PartitionInfo p : partitions) {
                Tick tick = Tick.newBuilder()
                        .setPartition(p.partition())
                        .setEmittedAt(now)
                        .setEmitterId(emitterId)
                        .setSeq(round)
                        .build();
                producer.send(new ProducerRecord<>(topic, p.partition(), Integer.toString(p.partition()), tick), (md, e) -> {
                    if (e == null) {
                        sent.increment();
                    } else {
                        failed.increment();
                        logFailure(e);
                    }
                });
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: count, log, and tick next round.
            failed.increment();
            logFailure(e);
        }
    }

    private void logFailure(Exception e) {
        long now = System.currentTimeMillis();
        if (now - lastFailureLogMillis > 10_000) { // at most one line per 10 s while Kafka is away
            lastFailureLogMillis = now;
            LOG.warn("ticks to {} are failing ({}); epochs on idle partitions will not close until they succeed", topic,
                    e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }
}
