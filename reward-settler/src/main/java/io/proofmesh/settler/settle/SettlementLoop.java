package io.proofmesh.settler.settle;

import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.schemas.policy.ScoringPolicy;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.SettlementStatus;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.VerifiedPolicy;
import io.proofmesh.settler.chain.ChainUnavailableException;
import io.proofmesh.settler.ledger.ClosedEpochs;
import io.proofmesh.settler.ledger.PayoutBook;
import io.proofmesh.settler.ledger.SettlementBook;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settler's one thread. Each round it catches up on {@code epochs.closed},
 * {@code nodes.registry} and {@code config.scoring-policy}; drives the latest batch's root to
 * CONFIRMED ({@link RootSettlement}); and once it is, builds the next epoch that every partition
 * has closed ({@link BatchBuilder}) and commits it ({@link RewardPublisher}). Epochs are settled
 * strictly in order, one root at a time, since each builds on the previous cumulative amounts.
 */
public final class SettlementLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SettlementLoop.class);

    /** The consumers the loop tails (each assigned to every partition of its topic, from the start). */
    public record Tails(org.apache.kafka.clients.consumer.Consumer<String, EpochClosed> closed,
                        org.apache.kafka.clients.consumer.Consumer<String, NodeRegistration> registry,
                        org.apache.kafka.clients.consumer.Consumer<String, ScoringPolicy> policies) {
    }

    private final Tails tails;
    private final EpochInputsReader inputs;
    private final PolicyShelf policies;
    private final RewardPublisher publisher;
    private final RootSettlement roots;
    private final SettlementBook book;
    private final BatchBuilder.Target target;
    private final long firstEpoch;
    private final Duration pollInterval;
    private final EpochSchedule schedule;
    private final SettlerMetrics metrics;
    private final Consumer<String> progress;
    private final Clock clock;
    private final ClosedEpochs closed = new ClosedEpochs();
    private final PayoutBook payouts = new PayoutBook();
    private final AtomicReference<String> alarm = new AtomicReference<>();
    private final AtomicReference<String> status = new AtomicReference<>("starting");
    private volatile boolean running = true;
    private Thread thread;

    public SettlementLoop(Tails tails, EpochInputsReader inputs, PolicyShelf policies, RewardPublisher publisher,
                          RootSettlement roots, SettlementBook book, BatchBuilder.Target target, long firstEpoch,
                          Duration pollInterval, EpochSchedule schedule, SettlerMetrics metrics, Consumer<String> progress,
                          Clock clock) {
        this.tails = tails;
        this.inputs = inputs;
        this.policies = policies;
        this.publisher = publisher;
        this.roots = roots;
        this.book = book;
        this.target = target;
        this.firstEpoch = firstEpoch;
        this.pollInterval = pollInterval;
        this.schedule = schedule;
        this.metrics = metrics;
        this.progress = progress;
        this.clock = clock;
    }

    public SettlementLoop start() {
        seekToBeginning(tails.closed(), TopicCatalog.EPOCHS_CLOSED.name());
        seekToBeginning(tails.registry(), TopicCatalog.NODES_REGISTRY.name());
        seekToBeginning(tails.policies(), TopicCatalog.SCORING_POLICY.name());
        thread = new Thread(this::run, "settler");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Whether the loop runs (false after an alarm or a crash). */
    public boolean alive() {
        return thread != null && thread.isAlive() && alarm.get() == null;
    }

    public Optional<String> alarm() {
        return Optional.ofNullable(alarm.get());
    }

    /** What the loop is doing, for /health. */
    public String status() {
        return status.get();
    }

    public SettlementBook book() {
        return book;
    }

    private void run() {
        try {
            while (running) {
                catchUp();
                if (!settleOneStep()) {
                    Thread.sleep(pollInterval.toMillis());
                }
            }
        } catch (SettlementAlarm e) {
            metrics.alarm();
            alarm.set(e.getMessage());
            status.set("stopped by an alarm");
            LOG.error("SETTLEMENT ALARM: {}", e.getMessage());
            progress.accept("SETTLEMENT ALARM: " + e.getMessage());
        } catch (InconsistentInputsException e) {
            metrics.alarm();
            alarm.set(e.getMessage());
            status.set("stopped: inconsistent inputs");
            LOG.error("SETTLEMENT ALARM (inputs): {}", e.getMessage());
            progress.accept("SETTLEMENT ALARM: " + e.getMessage());
        } catch (InterruptedException | ChainUnavailableException e) {
            if (running) {
                LOG.error("settlement loop interrupted", e);
            }
        } catch (RuntimeException e) {
            if (running) {
                alarm.set("the settlement loop failed: " + e);
                LOG.error("the settlement loop failed; restart the settler (it resumes from the topics)", e);
            }
        }
    }

    /** One step of work; false when there was nothing to do this round. */
    private boolean settleOneStep() {
        Optional<RewardBatch> latest = book.latestBatch();
        if (latest.isPresent() && !book.receipt(latest.get().getEpoch())
                .map(r -> r.getStatus() == SettlementStatus.CONFIRMED).orElse(false)) {
            long epoch = latest.get().getEpoch();
            status.set("settling epoch " + epoch + " on-chain");
            return roots.advance(latest.get());
        }
        long after = Math.max(latest.map(RewardBatch::getEpoch).orElse(firstEpoch - 1), firstEpoch - 1);
        // After the first batch, strictly the next epoch: the processor closes every epoch in order, so a
        // gap means markers are still on their way. The first one is the lowest closed epoch from the
        // contract's first epoch on. Either way only an epoch that has ended by this deployment's clock:
        // a marker for a later one belongs to another deployment on the cluster (or a wrong clock).
        Optional<Long> next = (latest.isPresent() ? Optional.of(after + 1).filter(e -> closed.complete(e).isPresent())
                : closed.nextComplete(after)).filter(e -> schedule.endOf(e) <= clock.millis());
        if (next.isEmpty()) {
            status.set(latest.map(b -> "epoch " + b.getEpoch() + " settled; waiting for epoch " + (after + 1)
                    + " to close on every partition (" + closed.closedPartitions(after + 1) + " so far)")
                    .orElse("waiting for epoch " + (after + 1) + " to close on every partition ("
                            + closed.closedPartitions(after + 1) + " so far)"));
            return false;
        }
        settleBatch(next.get(), closed.complete(next.get()).orElseThrow());
        return true;
    }

    private void settleBatch(long epoch, List<EpochClosed> markers) {
        status.set("building the batch of epoch " + epoch);
        long t0 = System.nanoTime();
        EpochInputs in = inputs.read(epoch, markers);
        String policyHash = in.allScores().stream().findFirst()
                .map(s -> "0x" + HexFormat.of().formatHex(s.getPolicyHash().bytes())).orElse(null);
        VerifiedPolicy policy = policies.policyFor(epoch).orElseThrow(() -> new InconsistentInputsException(
                "no valid governance-signed policy is in force for epoch " + epoch + " on config.scoring-policy"
                        + (policyHash == null ? "" : " (its scores name " + policyHash + ")")
                        + "; was the settler given the same scoring.governance-address as the processor?"));
        EpochBatch b = BatchBuilder.build(in, policy, book.carriedOut(), Map.copyOf(book.cumulative()),
                Map.copyOf(payouts.asMap()), target, clock.instant());
        metrics.buildTime().record(Duration.ofNanos(System.nanoTime() - t0));
        publisher.publishBatch(b);
        book.addBatch(b.batch());
        book.setLatestEntries(b.entries());
        closed.forgetUpTo(epoch);
        metrics.batch(epoch);
        long eligible = in.allScores().stream().filter(s -> s.getEligible()).count();
        progress.accept("epoch " + epoch + ": batch committed — " + in.allScores().size() + " scores (" + eligible
                + " eligible), " + b.batch().getPaidCount() + " of " + b.batch().getNodeCount() + " nodes paid, "
                + b.batch().getTotalAmount() + " base units"
                + (b.batch().getCarriedOut().equals("0") ? "" : ", " + b.batch().getCarriedOut() + " carried to the next epoch")
                + ", root 0x" + HexFormat.of().formatHex(b.batch().getMerkleRoot().bytes()));
        if (LOG.isDebugEnabled()) {
            in.allScores().forEach(s -> LOG.debug("epoch {} score of {}: {}", epoch, s.getNodeId(), s));
        }
        roots.haltAfterBatch();
    }

    private void catchUp() {
        drain(tails.closed(), r -> {
            if (r.value() != null) {
                closed.add(r.value());
            }
        });
        drain(tails.registry(), r -> {
            if (r.value() == null) {
                payouts.forget(r.key());
            } else {
                payouts.add(r.value());
            }
        });
        drain(tails.policies(), r -> policies.add(r.key(), r.value()));
    }

    /** Reads to the end offsets taken now, so markers committed before a later epoch's are all seen. */
    private static <V> void drain(org.apache.kafka.clients.consumer.Consumer<String, V> c, Consumer<ConsumerRecord<String, V>> each) {
        Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
            RecordPolling.poll(c, Duration.ofMillis(100)).forEach(each);
        }
    }

    private static <V> void seekToBeginning(org.apache.kafka.clients.consumer.Consumer<String, V> c, String topic) {
        List<TopicPartition> tps = new ArrayList<>();
        c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
        c.assign(tps);
        c.seekToBeginning(tps);
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        tails.closed().close();
        tails.registry().close();
        tails.policies().close();
        publisher.close();
    }
}
