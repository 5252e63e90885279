package io.proofmesh.streams.scorer;

import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.telemetry.CapacityReport;
import io.proofmesh.schemas.telemetry.EventKind;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.telemetry.RejectionStage;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.score.NodeEpochTally;
import io.proofmesh.scoring.work.WorkTally;
import io.proofmesh.streams.topology.ScoringTopologyConfig;
import io.proofmesh.streams.topology.StoreNames;
import java.util.HashMap;
import java.util.HexFormat;
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
            registry.put(r.getNodeId(), r.getStatus().name());
            return;
        }
        closer.startIfFirst(appendTime);
        if (value instanceof Tick) {
            closer.closeUpTo(lateness.lastClosableAt(appendTime), appendTime);
        } else if (value instanceof Heartbeat h) {
            NodeEvent e = NodeEvent.of(EventKind.HEARTBEAT, h.getNodeId(), schedule.epochOf(h.getSentAt().toEpochMilli()),
                    h.getSeq(), h.getEventIndex(), meta, appendTime);
            if (admit(e, "s/" + h.getSeq() + "/" + h.getEventIndex())) {
                NodeEpochTally t = tally(e);
                t.countHeartbeat(schedule.startOf(e.epoch()), h.getSentAt().toEpochMilli());
                save(e, t);
            }
        } else if (value instanceof CapacityReport c) {
            NodeEvent e = NodeEvent.of(EventKind.CAPACITY, c.getNodeId(), schedule.epochOf(c.getSentAt().toEpochMilli()),
                    c.getSeq(), c.getEventIndex(), meta, appendTime);
            if (admit(e, "s/" + c.getSeq() + "/" + c.getEventIndex())) {
                NodeEpochTally t = tally(e);
                t.countCapacity(c.getSentAt().toEpochMilli(), c.getCapacity());
                save(e, t);
            }
        } else if (value instanceof LatencyProbe p) {
            NodeEvent e = NodeEvent.of(EventKind.PROBE, p.getNodeId(), schedule.epochOf(p.getSentAt().toEpochMilli()),
                    null, null, meta, appendTime);
            if (admit(e, "p/" + HexFormat.of().formatHex(p.getNonce().array()))) {
                NodeEpochTally t = tally(e);
                boolean ok = p.getOutcome() == ProbeOutcome.OK && p.getRttMicros() != null && p.getRttMicros() >= 0;
                t.countProbe(ok, ok ? p.getRttMicros() : 0);
                save(e, t);
            }
        } else if (value instanceof JobResult r) {
            long epoch = schedule.epochOf(r.getSentAt().toEpochMilli());
            NodeEvent e = NodeEvent.of(EventKind.JOB_RESULT, r.getNodeId(), epoch, r.getSeq(), r.getEventIndex(), meta,
                    appendTime);
            // A sidecar restarted mid-job answers it again in a new request: the job counts once.
            String job = "j/" + r.getJobId();
            boolean seenJob = dedupe.get(StoreKeys.epochKey(epoch - 1, r.getNodeId() + "/" + job)) != null;
            if (seenJob) {
                duplicate(e, "job " + r.getJobId() + " was already answered in epoch " + (epoch - 1));
            } else if (admit(e, "s/" + r.getSeq() + "/" + r.getEventIndex(), job)) {
                NodeEpochTally t = tally(e);
                t.countJobResult(statusOf(r.getStatus()), r.getComputeMs());
                save(e, t);
            }
        } else if (value instanceof JobVerification v) {
            NodeEvent e = NodeEvent.of(EventKind.VERIFICATION, v.getNodeId(),
                    schedule.epochOf(v.getVerifiedAt().toEpochMilli()), null, null, meta, appendTime);
            if (v.getVerdict() == Verdict.UNKNOWN) {
                closer.rejectFromProcessor(e, "UNKNOWN_VERDICT", "verification of job " + v.getJobId()
                        + " has a verdict this processor does not know; upgrade the processor", record);
                return;
            }
            if (admit(e, "v/" + v.getJobId() + "/" + v.getVerifierId())) {
                NodeEpochTally t = tally(e);
                t.countVerification(v.getVerdict() == Verdict.MATCH);
                save(e, t);
            }
        } else if (value instanceof RejectedEvent r) {
            countRejection(r, appendTime);
        }
    }

    /**
     * Dedupe then lateness. True iff the event counts; otherwise it has been recorded as a
     * duplicate (telemetry.rejected) or as late (telemetry.late).
     */
    private boolean admit(NodeEvent e, String... dedupeKeys) {
        for (String k : dedupeKeys) {
            if (dedupe.get(StoreKeys.epochKey(e.epoch(), e.nodeId() + "/" + k)) != null) {
                duplicate(e, "an event with the same dedupe key (" + k + ") was already processed");
                return false;
            }
        }
        boolean keep = e.epoch() > closer.lastClosed() - config.dedupeRetainEpochs();
        if (keep) {
            for (String k : dedupeKeys) {
                dedupe.put(StoreKeys.epochKey(e.epoch(), e.nodeId() + "/" + k), new byte[] {1});
            }
        }
        if (!lateness.counts(e.epoch(), e.appendTime()) || e.epoch() <= closer.lastClosed()) {
            if (lateness.counts(e.epoch(), e.appendTime())) {
                // Appended in time but the epoch is already closed here: input order was broken
                // (clock skew beyond the margin). It cannot count any more; say so loudly.
                metrics.orderViolation();
            }
            closer.late(e);
            return false;
        }
        metrics.counted(e.kind());
        return true;
    }

    private void duplicate(NodeEvent e, String why) {
        metrics.duplicate(e.kind());
        if (e.epoch() > closer.lastClosed()) {
            NodeEpochTally t = tally(e);
            t.countDuplicate();
            save(e, t);
        }
        closer.rejectDuplicate(e, why);
    }

    private NodeEpochTally tally(NodeEvent e) {
        byte[] b = tallies.get(StoreKeys.epochKey(e.epoch(), e.nodeId()));
        return b == null ? NodeEpochTally.empty(schedule.lengthMillis()) : NodeEpochTally.fromBytes(b);
    }

    private void save(NodeEvent e, NodeEpochTally t) {
        tallies.put(StoreKeys.epochKey(e.epoch(), e.nodeId()), t.toBytes());
    }

    private void countRejection(RejectedEvent r, long appendTime) {
        if (r.getNodeId() == null || r.getStage() == RejectionStage.PROCESSOR) {
            return; // our own DUPLICATE / UNDECODABLE records, or a body with no node to charge
        }
        long epoch = r.getEpoch() != null ? r.getEpoch() : schedule.epochOf(r.getReceivedAt().toEpochMilli());
        Bytes key = StoreKeys.nodeKey(r.getNodeId(), epoch, r.getReasonCode());
        byte[] old = rejections.get(key);
        RejectionCount c = old == null ? new RejectionCount(0, 0, r.getStage().name(), "") : RejectionCount.fromBytes(old);
        rejections.put(key, c.plus(r.getReceivedAt().toEpochMilli(), r.getStage().name(), r.getMessage()).toBytes());
        metrics.ingestRejection();
    }

    private static WorkTally.ResultStatus statusOf(JobStatus s) {
        return switch (s) {
            case OK -> WorkTally.ResultStatus.OK;
            case DEADLINE_EXCEEDED -> WorkTally.ResultStatus.EXPIRED;
            default -> WorkTally.ResultStatus.FAILED;
        };
    }
}
