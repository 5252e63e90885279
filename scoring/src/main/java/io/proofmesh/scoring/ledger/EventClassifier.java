package io.proofmesh.scoring.ledger;

import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.telemetry.CapacityReport;
import io.proofmesh.schemas.telemetry.EventKind;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.telemetry.RejectionStage;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.work.WorkTally;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stored input record into a {@link LedgerEvent} (PROTOCOL.md §12.1–12.3): its epoch
 * (the node's signed sentAt; a verification's verifiedAt), its dedupe keys and its effect on the
 * tally. Records that are not node events (ticks, registrations, rejections) give nothing.
 */
public final class EventClassifier {

    private final EpochSchedule schedule;

    public EventClassifier(EpochSchedule schedule) {
        this.schedule = schedule;
    }

    public Optional<LedgerEvent> classify(Object value) {
        if (value instanceof Heartbeat h) {
            long sentAt = h.getSentAt().toEpochMilli();
            long epoch = schedule.epochOf(sentAt);
            long start = schedule.startOf(epoch);
            return Optional.of(new LedgerEvent(EventKind.HEARTBEAT, h.getNodeId(), epoch, h.getSeq(), h.getEventIndex(),
                    List.of(seqKey(h.getSeq(), h.getEventIndex())), null, null, null,
                    t -> t.countHeartbeat(start, sentAt)));
        }
        if (value instanceof CapacityReport c) {
            long sentAt = c.getSentAt().toEpochMilli();
            return Optional.of(new LedgerEvent(EventKind.CAPACITY, c.getNodeId(), schedule.epochOf(sentAt), c.getSeq(),
                    c.getEventIndex(), List.of(seqKey(c.getSeq(), c.getEventIndex())), null, null, null,
                    t -> t.countCapacity(sentAt, c.getCapacity())));
        }
        if (value instanceof LatencyProbe p) {
            boolean ok = p.getOutcome() == ProbeOutcome.OK && p.getRttMicros() != null && p.getRttMicros() >= 0;
            long rtt = ok ? p.getRttMicros() : 0;
            return Optional.of(new LedgerEvent(EventKind.PROBE, p.getNodeId(), schedule.epochOf(p.getSentAt().toEpochMilli()),
                    null, null, List.of("p/" + HexFormat.of().formatHex(p.getNonce().array())), null, null, null,
                    t -> t.countProbe(ok, rtt)));
        }
        if (value instanceof JobResult r) {
            // A sidecar restarted mid-job answers it again in a new request: the job counts once,
            // also when the second answer falls into the next epoch.
            String job = "j/" + r.getJobId();
            WorkTally.ResultStatus status = statusOf(r.getStatus());
            long computeMs = r.getComputeMs();
            return Optional.of(new LedgerEvent(EventKind.JOB_RESULT, r.getNodeId(), schedule.epochOf(r.getSentAt().toEpochMilli()),
                    r.getSeq(), r.getEventIndex(), List.of(seqKey(r.getSeq(), r.getEventIndex()), job), job, null, null,
                    t -> t.countJobResult(status, computeMs)));
        }
        if (value instanceof JobVerification v) {
            long epoch = schedule.epochOf(v.getVerifiedAt().toEpochMilli());
            boolean match = v.getVerdict() == Verdict.MATCH;
            if (v.getVerdict() == Verdict.UNKNOWN) {
                return Optional.of(new LedgerEvent(EventKind.VERIFICATION, v.getNodeId(), epoch, null, null, List.of(), null,
                        "UNKNOWN_VERDICT", "verification of job " + v.getJobId()
                                + " has a verdict this processor does not know; upgrade the processor", t -> { }));
            }
            return Optional.of(new LedgerEvent(EventKind.VERIFICATION, v.getNodeId(), epoch, null, null,
                    List.of("v/" + v.getJobId() + "/" + v.getVerifierId()), null, null, null,
                    t -> t.countVerification(match)));
        }
        return Optional.empty();
    }

    /**
     * The (node, epoch) an ingest rejection is charged to in the operator's view of rejections,
     * or empty: the processor's own records (stage PROCESSOR) and bodies without a node are not.
     * Rejections do not change a score; only a processor refusal ({@link LedgerEvent#refusal()})
     * counts in {@code rejectedEvents}.
     */
    public Optional<RejectionCharge> chargeOf(RejectedEvent r) {
        if (r.getNodeId() == null || r.getStage() == RejectionStage.PROCESSOR) {
            return Optional.empty();
        }
        long epoch = r.getEpoch() != null ? r.getEpoch() : schedule.epochOf(r.getReceivedAt().toEpochMilli());
        return Optional.of(new RejectionCharge(r.getNodeId(), epoch, r.getReasonCode()));
    }

    /** OK → ok, DEADLINE_EXCEEDED → expired, anything else (including statuses added later) → failed. */
    public static WorkTally.ResultStatus statusOf(JobStatus s) {
        return switch (s) {
            case OK -> WorkTally.ResultStatus.OK;
            case DEADLINE_EXCEEDED -> WorkTally.ResultStatus.EXPIRED;
            default -> WorkTally.ResultStatus.FAILED;
        };
    }

    private static String seqKey(long seq, int eventIndex) {
        return "s/" + seq + "/" + eventIndex;
    }

    /** An ingest rejection charged to a node and epoch, by reason. */
    public record RejectionCharge(String nodeId, long epoch, String reasonCode) {}
}
