package io.proofmesh.inference.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    final TopicPartition p0 = new TopicPartition("jobs.requests", 0);
    final TopicPartition p1 = new TopicPartition("jobs.requests", 1);

    @Test
    void commitsNeverPassAJobStillInFlight() {
        OffsetTracker t = new OffsetTracker();
        t.started(p0, 10);
        t.started(p0, 11);
        t.started(p0, 12);
        t.done(p0, 11);                                  // 10 still running: nothing past it
        assertThat(t.committable()).containsOnlyKeys(p0);
        assertThat(t.committable()).isEmpty();            // unchanged since the last call
        t.done(p0, 10);                                   // 12 running: commit up to 12 (exclusive)
        assertThat(t.committable().get(p0).offset()).isEqualTo(12);
        t.done(p0, 12);
        assertThat(t.committable().get(p0).offset()).isEqualTo(13);
        assertThat(t.inFlight()).isZero();
    }

    @Test
    void partitionsAreIndependentAndARevokedOneIsForgotten() {
        OffsetTracker t = new OffsetTracker();
        t.started(p0, 5);
        t.started(p1, 7);
        t.done(p1, 7);
        var c = t.committable();
        assertThat(c).containsOnlyKeys(p1);
        assertThat(c.get(p1).offset()).isEqualTo(8);
        assertThat(t.inFlight(p0)).isEqualTo(1);
        t.revoked(p0);
        assertThat(t.inFlight()).isZero();
        t.started(p1, 8);
        assertThat(t.committable()).isEmpty();
    }
}
