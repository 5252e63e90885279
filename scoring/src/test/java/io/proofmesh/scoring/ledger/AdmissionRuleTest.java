package io.proofmesh.scoring.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.jobs.Verdict;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.scoring.score.NodeEpochTally;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionRuleTest {

    static final EpochSchedule SCHEDULE = new EpochSchedule(0, 10_000, 1_000);
    static final LatenessRule LATENESS = new LatenessRule(SCHEDULE, 500);
    static final AdmissionRule RULE = new AdmissionRule(LATENESS, 2);
    static final EventClassifier CLASSIFIER = new EventClassifier(SCHEDULE);
    static final String NODE = "0x00000000000000000000000000000000000000a1";

    /** The audit's memory: a set of epoch/node/key. */
    static final class SetMemory implements DedupeMemory {
        final Set<String> keys = new HashSet<>();

        @Override
        public boolean seen(long epoch, String nodeId, String key) {
            return keys.contains(epoch + "|" + nodeId + "|" + key);
        }

        @Override
        public void remember(long epoch, String nodeId, String key) {
            keys.add(epoch + "|" + nodeId + "|" + key);
        }
    }

    @Test
    void firstCopyCountsTheSecondIsADuplicateAndChargedToTheOpenEpoch() {
        SetMemory memory = new SetMemory();
        LedgerEvent hb = CLASSIFIER.classify(Fixtures.heartbeat(NODE, 7, 0, 12_000)).orElseThrow();
        Admission first = RULE.admit(hb, 12_050, 0, memory);
        Admission second = RULE.admit(hb, 12_060, 0, memory);
        assertThat(first.decision()).isEqualTo(Admission.Decision.COUNTED);
        assertThat(second.decision()).isEqualTo(Admission.Decision.DUPLICATE);
        assertThat(second.reason()).contains("s/7/0");
        assertThat(second.charged()).isTrue();

        NodeEpochTally t = NodeEpochTally.empty(SCHEDULE.lengthMillis());
        first.applyTo(hb, t);
        second.applyTo(hb, t);
        assertThat(t.heartbeatsCounted()).isEqualTo(1);
        assertThat(t.duplicateEvents()).isEqualTo(1);
    }

    @Test
    void appendedAtTheDeadlineIsLateOneMillisecondBeforeCounts() {
        LedgerEvent hb = CLASSIFIER.classify(Fixtures.heartbeat(NODE, 1, 0, 19_999)).orElseThrow(); // epoch 1
        long deadline = LATENESS.deadlineOf(1); // 21 000
        assertThat(RULE.admit(hb, deadline - 1, 0, new SetMemory()).decision()).isEqualTo(Admission.Decision.COUNTED);
        Admission late = RULE.admit(hb, deadline, 0, new SetMemory());
        assertThat(late.decision()).isEqualTo(Admission.Decision.LATE);
        assertThat(late.orderViolation()).isFalse();
        assertThat(late.charged()).isTrue();
    }

    @Test
    void anInTimeEventOfAClosedEpochIsLateAsAnOrderViolationAndNotCharged() {
        LedgerEvent hb = CLASSIFIER.classify(Fixtures.heartbeat(NODE, 1, 0, 15_000)).orElseThrow(); // epoch 1
        Admission a = RULE.admit(hb, 16_000, 1, new SetMemory());
        assertThat(a.decision()).isEqualTo(Admission.Decision.LATE);
        assertThat(a.orderViolation()).isTrue();
        assertThat(a.charged()).isFalse();
    }

    @Test
    void aJobAnsweredAgainInTheNextEpochIsADuplicateButOnlyIfTheFirstAnswerWasRemembered() {
        SetMemory memory = new SetMemory();
        JobResult inE1 = Fixtures.jobResult(NODE, "job-x", 1, 0, 15_000, JobStatus.OK, 10);
        JobResult inE2 = Fixtures.jobResult(NODE, "job-x", 2, 0, 25_000, JobStatus.OK, 10);
        assertThat(RULE.admit(CLASSIFIER.classify(inE1).orElseThrow(), 15_001, 0, memory).decision())
                .isEqualTo(Admission.Decision.COUNTED);
        Admission again = RULE.admit(CLASSIFIER.classify(inE2).orElseThrow(), 25_001, 1, memory);
        assertThat(again.decision()).isEqualTo(Admission.Decision.DUPLICATE);
        assertThat(again.reason()).isEqualTo("job job-x was already answered in epoch 1");

        // Without the first answer in memory, the second one counts.
        assertThat(RULE.admit(CLASSIFIER.classify(inE2).orElseThrow(), 25_001, 1, new SetMemory()).decision())
                .isEqualTo(Admission.Decision.COUNTED);
    }

    @Test
    void keysOfEpochsPastTheRetentionAreNotRemembered() {
        SetMemory memory = new SetMemory();
        LedgerEvent old = CLASSIFIER.classify(Fixtures.heartbeat(NODE, 3, 0, 5_000)).orElseThrow(); // epoch 0
        // last closed 2, retain 2: epoch 0 is not > 0, so its key is not kept; it is late either way.
        assertThat(RULE.admit(old, 35_000, 2, memory).decision()).isEqualTo(Admission.Decision.LATE);
        assertThat(memory.keys).isEmpty();
        // last closed 1: epoch 0 > -1, kept (a later copy is still a DUPLICATE, not late again).
        assertThat(RULE.admit(old, 25_000, 1, memory).decision()).isEqualTo(Admission.Decision.LATE);
        assertThat(RULE.admit(old, 25_001, 1, memory).decision()).isEqualTo(Admission.Decision.DUPLICATE);
        assertThat(RULE.forgottenOnClose(5)).isEqualTo(3);
    }

    @Test
    void anUnknownVerdictIsRefusedBeforeDedupeAndCountsAsRejected() {
        SetMemory memory = new SetMemory();
        JobVerification v = Fixtures.verification(NODE, "job-y", Verdict.UNKNOWN, 12_000);
        LedgerEvent e = CLASSIFIER.classify(v).orElseThrow();
        Admission a = RULE.admit(e, 12_001, 0, memory);
        assertThat(a.decision()).isEqualTo(Admission.Decision.REFUSED);
        assertThat(e.refusal()).isEqualTo("UNKNOWN_VERDICT");
        assertThat(memory.keys).isEmpty();
        NodeEpochTally t = NodeEpochTally.empty(SCHEDULE.lengthMillis());
        a.applyTo(e, t);
        assertThat(t.rejectedEvents()).isEqualTo(1);
        assertThat(t.countedEvents()).isZero();
    }

    @Test
    void aVerificationIsDedupedPerVerifier() {
        SetMemory memory = new SetMemory();
        JobVerification v = Fixtures.verification(NODE, "job-z", Verdict.MATCH, 12_000);
        assertThat(RULE.admit(CLASSIFIER.classify(v).orElseThrow(), 12_001, 0, memory).decision())
                .isEqualTo(Admission.Decision.COUNTED);
        assertThat(RULE.admit(CLASSIFIER.classify(v).orElseThrow(), 12_002, 0, memory).decision())
                .isEqualTo(Admission.Decision.DUPLICATE);
        JobVerification other = JobVerification.newBuilder(v).setVerifierId("verifier-2").build();
        assertThat(RULE.admit(CLASSIFIER.classify(other).orElseThrow(), 12_003, 0, memory).decision())
                .isEqualTo(Admission.Decision.COUNTED);
    }

    @Test
    void heartbeatsAreChargedToTheEpochOfTheirSignedSendTime() {
        Heartbeat h = Fixtures.heartbeat(NODE, 1, 0, 29_999);
        LedgerEvent e = CLASSIFIER.classify(h).orElseThrow();
        assertThat(e.epoch()).isEqualTo(2);
        NodeEpochTally t = NodeEpochTally.empty(SCHEDULE.lengthMillis());
        e.countInto(t);
        assertThat(t.heartbeats().toBytes()).isEqualTo(heardAt(9));
    }

    private static byte[] heardAt(int second) {
        NodeEpochTally t = NodeEpochTally.empty(SCHEDULE.lengthMillis());
        t.countHeartbeat(0, second * 1000L);
        return t.heartbeats().toBytes();
    }
}
