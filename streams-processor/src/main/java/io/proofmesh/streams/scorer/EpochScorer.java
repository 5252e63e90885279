package io.proofmesh.streams.scorer;

import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.ledger.Admission;
import io.proofmesh.scoring.ledger.AdmissionRule;
import io.proofmesh.scoring.ledger.ClosingRule;
import io.proofmesh.scoring.ledger.DedupeMemory;
import io.proofmesh.scoring.ledger.EventClassifier;
import io.proofmesh.scoring.ledger.LedgerEvent;
import io.proofmesh.scoring.score.NodeEpochTally;
import io.proofmesh.streams.topology.ScoringTopologyConfig;
import io.proofmesh.streams.topology.StoreNames;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The scoring processor of one partition of the node group (one task): every input record of the
 * partition's nodes passes through here in append-time order (KIP-695).
 *
 * <ul>
 *   <li>a node event is deduplicated by (nodeId, seq, eventIndex) — job results also by jobId,
 *       probes by nonce, verifications by (jobId, verifier) — then counted for its epoch iff
 *       appended before the epoch's end + grace (DESIGN.md lateness rule), else sent to
 *       {@code telemetry.late};</li>
 *   <li>a tick appended at or after end + grace + margin closes that epoch on this partition
 *       ({@link EpochCloser}): one score per node, then the {@code epochs.closed} marker;</li>
 *   <li>registrations and ingest's rejections are kept for scoring and for the query API.</li>
 * </ul>
 */
public final class EpochScorer implements Processor<String, Object, String, Object> {

    private final ScoringTopologyConfig config;
    private final LatenessRule lateness;
    private final EpochSchedule schedule;
    private final ScorerMetrics metrics;
    private final EventClassifier classifier;
    private final AdmissionRule admission;
    private final DedupeMemory dedupeMemory = new StoreDedupeMemory();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<Bytes, byte[]> tallies;
    private KeyValueStore<Bytes, byte[]> dedupe;
    private KeyValueStore<String, String> registry;
    private KeyValueStore<Bytes, byte[]> rejections;
    private EpochCloser closer;
    /** Next offset per input topic since the last close (merged into the stored clock on close). */
    private final Map<String, Long> positions = new HashMap<>();

    public EpochScorer(ScoringTopologyConfig config, ScorerMetrics metrics) {
        this.config = config;
        this.lateness = config.lateness();
        this.schedule = config.lateness().schedule();
        this.metrics = metrics;
        this.classifier = new EventClassifier(schedule);
        this.admission = new AdmissionRule(lateness, config.dedupeRetainEpochs());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.tallies = context.getStateStore(StoreNames.TALLIES);
        this.dedupe = context.getStateStore(StoreNames.DEDUPE);
        this.registry = context.getStateStore(StoreNames.REGISTRY);
        this.rejections = context.getStateStore(StoreNames.REJECTIONS);
        this.closer = new EpochCloser(config, context, metrics, positions);
    }

    @Override
    public void process(Record<String, Object> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        positions.merge(meta.topic(), meta.offset() + 1, Math::max);
        long appendTime = record.timestamp();
        Object value = record.value();
        if (value == null) {
            return; // a tombstone: nothing to count
        }
        if (value instanceof NodeRegistration r) {
            registry.put(r.getNodeId(), ClosingRule.statusOf(r));
            return;
        }
        closer.startIfFirst(appendTime);
        if (value instanceof Tick) {
            closer.closeUpTo(lateness.lastClosableAt(appendTime), appendTime);
        } else if (value instanceof RejectedEvent r) {
            classifier.chargeOf(r).ifPresent(c -> countRejection(c, r));
        } else {
            classifier.classify(value).ifPresent(e -> admit(e, NodeEvent.of(e, meta, appendTime), record));
        }
    }

    /**
     * The shared admission rule decides; here its decision is applied to the stores and written
     * out: counted into the tally, or recorded as a duplicate (telemetry.rejected), as late
     * (telemetry.late) or as refused.
     */
    private void admit(LedgerEvent le, NodeEvent e, Record<String, Object> record) {
        Admission a = admission.admit(le, e.appendTime(), closer.lastClosed(), dedupeMemory);
        if (a.charged()) {
            NodeEpochTally t = tally(e);
            a.applyTo(le, t);
            save(e, t);
        }
        switch (a.decision()) {
            case COUNTED -> metrics.counted(e.kind());
            case DUPLICATE -> {
                metrics.duplicate(e.kind());
                closer.rejectDuplicate(e, a.reason());
            }
            case LATE -> {
                if (a.orderViolation()) {
                    // Appended in time but the epoch is already closed here: input order was broken
                    // (clock skew beyond the margin). It cannot count any more; say so loudly.
                    metrics.orderViolation();
                }
                closer.late(e);
            }
            case REFUSED -> closer.rejectFromProcessor(e, le.refusal(), le.refusalMessage());
        }
    }

    private NodeEpochTally tally(NodeEvent e) {
        byte[] b = tallies.get(StoreKeys.epochKey(e.epoch(), e.nodeId()));
        return b == null ? NodeEpochTally.empty(schedule.lengthMillis()) : NodeEpochTally.fromBytes(b);
    }

    private void save(NodeEvent e, NodeEpochTally t) {
        tallies.put(StoreKeys.epochKey(e.epoch(), e.nodeId()), t.toBytes());
    }

    private void countRejection(EventClassifier.RejectionCharge c, RejectedEvent r) {
        Bytes key = StoreKeys.nodeKey(c.nodeId(), c.epoch(), c.reasonCode());
        byte[] old = rejections.get(key);
        RejectionCount count = old == null ? new RejectionCount(0, 0, r.getStage().name(), "") : RejectionCount.fromBytes(old);
        rejections.put(key, count.plus(r.getReceivedAt().toEpochMilli(), r.getStage().name(), r.getMessage()).toBytes());
        metrics.ingestRejection();
    }

    /** Dedupe keys in the {@code dedupe-keys} store: (epoch, nodeId/key) → 1. */
    private final class StoreDedupeMemory implements DedupeMemory {
        @Override
        public boolean seen(long epoch, String nodeId, String key) {
            return dedupe.get(StoreKeys.epochKey(epoch, nodeId + "/" + key)) != null;
        }

        @Override
        public void remember(long epoch, String nodeId, String key) {
            dedupe.put(StoreKeys.epochKey(epoch, nodeId + "/" + key), new byte[] {1});
        }
    }
}
