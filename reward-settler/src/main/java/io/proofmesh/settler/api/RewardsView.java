package io.proofmesh.settler.api;

import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reward topics as the API answers from them: a background thread tails {@code rewards.batches},
 * {@code rewards.settlements} and {@code rewards.entries} (read_committed consumers assigned to every
 * partition, from the beginning) and keeps, per epoch, the batch, the latest settlement receipt and
 * the entries.
 *
 * <p>Only batches for this view's distributor are kept: the topics may also hold the batches of an
 * earlier deployment (another contract address), whose roots mean nothing to this one.
 *
 * <p>Everything is held in memory (every epoch's entries: one per node ever paid, per epoch), which
 * is fine for a devnet and a few thousand nodes over months; a large network would keep only the
 * latest final epoch's entries in memory and page the history from a store. A restart rebuilds it
 * from the compacted topics.
 */
public final class RewardsView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RewardsView.class);

    private final Consumer<String, RewardBatch> batches;
    private final Consumer<String, SettlementReceipt> receipts;
    private final Consumer<String, RewardEntry> entries;
    private final String distributor;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;

    private final TreeMap<Long, RewardBatch> batchByEpoch = new TreeMap<>();
    private final Map<Long, SettlementReceipt> receiptByEpoch = new HashMap<>();
    private final Map<Long, Map<String, RewardEntry>> entriesByEpoch = new HashMap<>();
    private volatile String failure;

    /**
     * @param distributor lower-case 0x address of the RewardDistributor whose batches to keep
     */
    public RewardsView(Consumer<String, RewardBatch> batches, Consumer<String, SettlementReceipt> receipts,
                       Consumer<String, RewardEntry> entries, String distributor) {
        this.batches = batches;
        this.receipts = receipts;
        this.entries = entries;
        this.distributor = distributor.toLowerCase(Locale.ROOT);
        this.thread = new Thread(this::run, "rewards-view");
        this.thread.setDaemon(true);
    }

    public RewardsView start() {
        thread.start();
        return this;
    }

    public String distributor() {
        return distributor;
    }

    /** Waits until the topics have been read to the end offsets they had at start; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Why the tail stopped, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Every epoch with a batch for this distributor, ascending. */
    public synchronized NavigableMap<Long, EpochRewards> epochs() {
        TreeMap<Long, EpochRewards> out = new TreeMap<>();
        batchByEpoch.forEach((epoch, batch) -> out.put(epoch, snapshot(epoch, batch)));
        return out;
    }

    public synchronized Optional<EpochRewards> epoch(long epoch) {
        RewardBatch b = batchByEpoch.get(epoch);
        return b == null ? Optional.empty() : Optional.of(snapshot(epoch, b));
    }

    private EpochRewards snapshot(long epoch, RewardBatch batch) {
        return new EpochRewards(epoch, batch, Optional.ofNullable(receiptByEpoch.get(epoch)),
                Map.copyOf(entriesByEpoch.getOrDefault(epoch, Map.of())));
    }

    private void run() {
        try {
            List<Consumer<String, ?>> all = List.of(batches, receipts, entries);
            assignFromBeginning(batches, TopicCatalog.REWARD_BATCHES.name());
            assignFromBeginning(receipts, TopicCatalog.REWARD_SETTLEMENTS.name());
            assignFromBeginning(entries, TopicCatalog.REWARD_ENTRIES.name());
            List<Map<TopicPartition, Long>> ends = new ArrayList<>();
            for (Consumer<String, ?> c : all) {
                ends.add(c.endOffsets(c.assignment(), Duration.ofSeconds(30)));
            }
            while (running.get()) {
                boolean idle = true;
                for (ConsumerRecord<String, RewardBatch> r : RecordPolling.poll(batches, Duration.ofMillis(100))) {
                    idle = false;
                    onBatch(r.value());
                }
                for (ConsumerRecord<String, SettlementReceipt> r : RecordPolling.poll(receipts, Duration.ofMillis(idle ? 100 : 0))) {
                    idle = false;
                    onReceipt(r.value());
                }
                for (ConsumerRecord<String, RewardEntry> r : RecordPolling.poll(entries, Duration.ofMillis(idle ? 100 : 0))) {
                    onEntry(r.value());
                }
                if (caughtUp.getCount() > 0 && reached(all, ends)) {
                    caughtUp.countDown();
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException | org.apache.kafka.common.errors.InterruptException e) {
            if (running.get()) {
                failure = "the rewards view was interrupted: " + e;
            }
        } catch (RuntimeException e) {
            failure = "the rewards view stopped reading the reward topics: " + e.getMessage();
            LOG.error("rewards view stopped", e);
        } finally {
            batches.close();
            receipts.close();
            entries.close();
        }
    }

    private static <V> void assignFromBeginning(Consumer<String, V> c, String topic) {
        List<TopicPartition> tps = new ArrayList<>();
        c.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
        c.assign(tps);
        c.seekToBeginning(tps);
    }

    private static boolean reached(List<Consumer<String, ?>> consumers, List<Map<TopicPartition, Long>> ends) {
        for (int i = 0; i < consumers.size(); i++) {
            for (Map.Entry<TopicPartition, Long> e : ends.get(i).entrySet()) {
                if (consumers.get(i).position(e.getKey()) < e.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    private synchronized void onBatch(RewardBatch b) {
        if (b != null && distributor.equalsIgnoreCase(b.getDistributorAddress())) {
            // A re-settled epoch (after a revocation) replaces its batch; its entries overwrite the old
            // ones by key as compaction does, and the proof route checks them against the root.
            batchByEpoch.put(b.getEpoch(), b);
        }
    }

    private synchronized void onReceipt(SettlementReceipt r) {
        if (r != null && distributor.equalsIgnoreCase(r.getDistributorAddress())) {
            receiptByEpoch.put(r.getEpoch(), r);
        }
    }

    private synchronized void onEntry(RewardEntry e) {
        if (e != null) {
            entriesByEpoch.computeIfAbsent(e.getEpoch(), k -> new HashMap<>()).put(e.getNodeId(), e);
        }
    }

    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            if (!thread.isAlive()) {
                batches.close();
                receipts.close();
                entries.close();
                return;
            }
            batches.wakeup();
            receipts.wakeup();
            entries.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
