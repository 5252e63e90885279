package io.proofmesh.streams.scorer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.schemas.telemetry.EventKind;
import java.util.EnumMap;
import java.util.Map;

/** The scorer's counters on /metrics (shared by every task of the instance). */
public final class ScorerMetrics {

    private final Map<EventKind, Counter> counted = new EnumMap<>(EventKind.class);
    private final Map<EventKind, Counter> late = new EnumMap<>(EventKind.class);
    private final Map<EventKind, Counter> duplicates = new EnumMap<>(EventKind.class);
    private final Counter processorRejected;
    private final Counter ingestRejections;
    private final Counter orderViolations;
    private final Counter epochsClosed;
    private final Counter scores;
    private final Counter policyMissing;

    public ScorerMetrics(MeterRegistry registry) {
        for (EventKind k : EventKind.values()) {
            String kind = k.name().toLowerCase();
            counted.put(k, events(registry, kind, "counted"));
            late.put(k, events(registry, kind, "late"));
            duplicates.put(k, events(registry, kind, "duplicate"));
        }
        processorRejected = events(registry, "any", "rejected");
        ingestRejections = Counter.builder("proofmesh_scoring_ingest_rejections_total")
                .description("ingest rejections read from telemetry.rejected and tallied per node").register(registry);
        orderViolations = Counter.builder("proofmesh_scoring_order_violations_total")
                .description("events appended before their deadline but processed after their epoch closed "
                        + "(broker clock skew beyond the close margin); must stay 0")
                .register(registry);
        epochsClosed = Counter.builder("proofmesh_scoring_epoch_partitions_closed_total")
                .description("epochs.closed markers written").register(registry);
        scores = Counter.builder("proofmesh_scoring_scores_total").description("NodeEpochScore records written")
                .register(registry);
        policyMissing = Counter.builder("proofmesh_scoring_policy_missing_total")
                .description("ticks that could not close an epoch because no valid policy is published for it")
                .register(registry);
    }

    private static Counter events(MeterRegistry registry, String kind, String outcome) {
        return Counter.builder("proofmesh_scoring_events_total").description("node events by kind and outcome")
                .tag("kind", kind).tag("outcome", outcome).register(registry);
    }

    void counted(EventKind k) {
        counted.get(k).increment();
    }

    void late(EventKind k) {
        late.get(k).increment();
    }

    void duplicate(EventKind k) {
        duplicates.get(k).increment();
    }

    void processorRejected() {
        processorRejected.increment();
    }

    void ingestRejection() {
        ingestRejections.increment();
    }

    void orderViolation() {
        orderViolations.increment();
    }

    void epochClosed() {
        epochsClosed.increment();
    }

    void scores(int n) {
        scores.increment(n);
    }

    void policyMissing() {
        policyMissing.increment();
    }
}
