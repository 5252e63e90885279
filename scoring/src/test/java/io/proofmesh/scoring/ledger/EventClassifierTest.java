package io.proofmesh.scoring.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.telemetry.EventKind;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.telemetry.RejectionStage;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.score.NodeEpochTally;
import io.proofmesh.scoring.work.WorkTally;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventClassifierTest {

    static final EpochSchedule SCHEDULE = new EpochSchedule(1_000, 10_000, 1_000);
    static final EventClassifier CLASSIFIER = new EventClassifier(SCHEDULE);
    static final String NODE = "0x00000000000000000000000000000000000000b2";

    @Test
    void keysAndEpochsPerKind() {
        LedgerEvent hb = CLASSIFIER.classify(Fixtures.heartbeat(NODE, 5, 2, 10_999)).orElseThrow();
        assertThat(hb.kind()).isEqualTo(EventKind.HEARTBEAT);
        assertThat(hb.epoch()).isZero();
        assertThat(hb.dedupeKeys()).containsExactly("s/5/2");
        assertThat(hb.previousEpochKey()).isNull();

        LedgerEvent job = CLASSIFIER.classify(Fixtures.jobResult(NODE, "j1", 6, 0, 11_000, JobStatus.OK, 5)).orElseThrow();
        assertThat(job.epoch()).isEqualTo(1);
        assertThat(job.dedupeKeys()).containsExactly("s/6/0", "j/j1");
        assertThat(job.previousEpochKey()).isEqualTo("j/j1");

        LedgerEvent probe = CLASSIFIER.classify(Fixtures.probe(NODE, 0xab, 500, ProbeOutcome.OK, 10L)).orElseThrow();
        assertThat(probe.epoch()).as("before genesis").isEqualTo(-1);
        assertThat(probe.dedupeKeys()).containsExactly("p/ab");
        assertThat(probe.seq()).isNull();

        LedgerEvent v = CLASSIFIER.classify(Fixtures.verification(NODE, "j1", io.proofmesh.schemas.jobs.Verdict.MISMATCH, 21_000))
                .orElseThrow();
        assertThat(v.epoch()).isEqualTo(2);
        assertThat(v.dedupeKeys()).containsExactly("v/j1/verifier-1");
    }

    @Test
    void countingEffects() {
        NodeEpochTally t = NodeEpochTally.empty(SCHEDULE.lengthMillis());
        CLASSIFIER.classify(Fixtures.probe(NODE, 1, 2_000, ProbeOutcome.OK, 20_000L)).orElseThrow().countInto(t);
        CLASSIFIER.classify(Fixtures.probe(NODE, 2, 2_000, ProbeOutcome.TIMEOUT, null)).orElseThrow().countInto(t);
        CLASSIFIER.classify(Fixtures.probe(NODE, 3, 2_000, ProbeOutcome.OK, null)).orElseThrow().countInto(t);
        CLASSIFIER.classify(Fixtures.jobResult(NODE, "a", 1, 0, 2_000, JobStatus.OK, 30)).orElseThrow().countInto(t);
        CLASSIFIER.classify(Fixtures.jobResult(NODE, "b", 1, 1, 2_000, JobStatus.DEADLINE_EXCEEDED, 30)).orElseThrow().countInto(t);
        CLASSIFIER.classify(Fixtures.jobResult(NODE, "c", 1, 2, 2_000, JobStatus.UNKNOWN_MODEL, 30)).orElseThrow().countInto(t);
        CLASSIFIER.classify(Fixtures.capacity(NODE, 2, 0, 3_000, 4)).orElseThrow().countInto(t);
        CLASSIFIER.classify(Fixtures.capacity(NODE, 2, 1, 2_500, 1)).orElseThrow().countInto(t);
        assertThat(t.probesOk()).isEqualTo(1);
        assertThat(t.probesFailed()).as("OK without a round trip is failed").isEqualTo(2);
        assertThat(t.work()).isEqualTo(new WorkTally(1, 1, 1, 30, 0, 0));
        assertThat(t.lastCapacity().getGpuCount()).as("the greatest sentAt wins").isEqualTo(4);
        assertThat(EventClassifier.statusOf(JobStatus.UNKNOWN)).isEqualTo(WorkTally.ResultStatus.FAILED);
    }

    @Test
    void ingestRejectionsAreChargedToTheirNodeAndEpochProcessorOnesAreNot() {
        RejectedEvent ingest = rejection(NODE, RejectionStage.INGEST, null, 25_000);
        assertThat(CLASSIFIER.chargeOf(ingest)).contains(new EventClassifier.RejectionCharge(NODE, 2, "BAD_SIGNATURE"));
        assertThat(CLASSIFIER.chargeOf(rejection(NODE, RejectionStage.INGEST, 7L, 25_000)).orElseThrow().epoch())
                .as("the epoch it names wins").isEqualTo(7);
        assertThat(CLASSIFIER.chargeOf(rejection(NODE, RejectionStage.PROCESSOR, null, 25_000))).isEmpty();
        assertThat(CLASSIFIER.chargeOf(rejection(null, RejectionStage.INGEST, null, 25_000))).isEmpty();
        assertThat(CLASSIFIER.classify(ingest)).as("not a node event").isEmpty();
    }

    private static RejectedEvent rejection(String node, RejectionStage stage, Long epoch, long at) {
        return RejectedEvent.newBuilder().setNodeId(node).setReasonCode("BAD_SIGNATURE").setMessage("m").setStage(stage)
                .setSourceAddress(null).setReceivedAt(Instant.ofEpochMilli(at)).setContentType(null)
                .setRawBytes(ByteBuffer.allocate(0)).setRawTruncated(false).setRawSize(0).setOriginTopic(null)
                .setOriginPartition(null).setOriginOffset(null).setSeq(null).setEventIndex(null).setEpoch(epoch).build();
    }
}
