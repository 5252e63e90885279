package io.proofmesh.app.bench;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.streams.service.StreamsService;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The scoring topology on the pre-loaded heartbeats: a fresh {@link StreamsService} (new
 * application id, empty state dir, exactly_once_v2 as the service configures it) is started and
 * watched until its consumer group has committed the end offset of every partition of the input.
 * The clock starts when Kafka Streams reports RUNNING (a fresh state dir restores nothing, so
 * that is when processing starts); start-up, the group join and the global stores' restore before
 * it are reported apart. A second figure times only the committed window: from the first commit
 * that moved the offsets to the last, over the records committed in between.
 */
public final class ScoringRun {

    /** Timings in ns from {@code StreamsService.start}; offsets summed over the input's partitions. */
    public record Result(long records, long committed, long startToRunningNanos, long runningToDoneNanos,
                         long firstCommitNanos, long committedAtFirstCommit, long doneNanos, Map<String, Long> cpuNanos) {

        /** records ÷ (all committed − RUNNING): the headline rate. */
        public double recordsPerSecond() {
            return records * 1e9 / Math.max(1, runningToDoneNanos);
        }

        /** Records committed after the first commit ÷ time from the first commit to the last. */
        public double committedWindowRecordsPerSecond() {
            return (committed - committedAtFirstCommit) * 1e9 / Math.max(1, doneNanos - firstCommitNanos);
        }
    }

    private ScoringRun() {
    }

    /**
     * Starts the service on {@code settings} and returns it running with its result, once every
     * partition of {@code topic} is committed up to {@code endOffsets}; the caller closes it.
     */
    public static Started start(Settings settings, String topic, Map<TopicPartition, Long> endOffsets, PrintStream out)
            throws Exception {
        long records = endOffsets.values().stream().mapToLong(Long::longValue).sum();
        String applicationId = settings.get("streams.application-id");
        Map<String, Long> cpu0;
        long t0 = System.nanoTime();
        StreamsService service = StreamsService.start(settings, msg -> out.println("  [streams] " + msg));
        try (Admin admin = new KafkaClients(settings).admin()) {
            long running = -1;
            cpu0 = ProcessCpu.snapshot();
            long firstCommit = -1;
            long atFirstCommit = 0;
            long committed = 0;
            long lastReport = t0;
            long deadline = t0 + TimeUnit.MINUTES.toNanos(15);
            while (true) {
                long now = System.nanoTime();
                KafkaStreams.State state = service.streams().state();
                if (running < 0 && state == KafkaStreams.State.RUNNING) {
                    running = now - t0;
                    cpu0 = ProcessCpu.snapshot(); // CPU of the measured part only, as the rate
                }
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException("Kafka Streams stopped (" + state + ") before committing the input");
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                committed = 0;
                boolean all = true;
                for (Map.Entry<TopicPartition, Long> e : endOffsets.entrySet()) {
                    OffsetAndMetadata o = offsets.get(e.getKey());
                    long c = o == null ? 0 : o.offset();
                    committed += Math.min(c, e.getValue());
                    all &= c >= e.getValue();
                }
                if (firstCommit < 0 && committed > 0) {
                    firstCommit = System.nanoTime() - t0;
                    atFirstCommit = committed;
                }
                if (all && running >= 0) {
                    long done = System.nanoTime() - t0;
                    Map<String, Long> cpu = ProcessCpu.delta(cpu0, ProcessCpu.snapshot());
                    Result r = new Result(records, committed, running, done - running, Math.max(0, firstCommit), atFirstCommit,
                            done, cpu);
                    return new Started(service, r);
                }
                if (now > deadline) {
                    throw new IllegalStateException("the scoring processor committed " + committed + " of " + records
                            + " records within 15 minutes (state " + state + ")");
                }
                if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                    lastReport = now;
                    out.printf("  scoring: %,d / %,d records committed, %s after %.1f s%n", committed, records, state,
                            (now - t0) / 1e9);
                }
                Thread.sleep(running < 0 ? 10 : 50);
            }
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    /** The running service (for the latency phase) and the throughput result. */
    public record Started(StreamsService service, Result result) {
    }
}
