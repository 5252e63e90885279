package io.proofmesh.ingest.prober;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The prober's meters on {@code /metrics}: {@code proofmesh_prober_probes_total{outcome}},
 * the OK round-trip histogram {@code proofmesh_prober_rtt_seconds}, {@code proofmesh_prober_in_flight},
 * {@code proofmesh_prober_nodes_scheduled}, {@code proofmesh_prober_published_total} and
 * {@code proofmesh_prober_publish_failures_total}.
 */
public final class ProberMetrics {

    private final Map<ProbeOutcome, Counter> byOutcome = new EnumMap<>(ProbeOutcome.class);
    private final Timer rtt;
    private final Counter published;
    private final Counter publishFailures;
    private final MeterRegistry registry;

    public ProberMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ProbeOutcome o : ProbeOutcome.values()) {
            if (o != ProbeOutcome.UNKNOWN) {
                byOutcome.put(o, Counter.builder("proofmesh_prober_probes").description("probes by outcome")
                        .tag("outcome", o.name()).register(registry));
            }
        }
        this.rtt = Timer.builder("proofmesh_prober_rtt").description("round trip of probes that ended OK")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        this.published = Counter.builder("proofmesh_prober_published").description("probe results acknowledged by Kafka")
                .register(registry);
        this.publishFailures = Counter.builder("proofmesh_prober_publish_failures")
                .description("probe results Kafka did not acknowledge").register(registry);
    }

    public void gauges(Supplier<Number> inFlight, Supplier<Number> scheduledNodes) {
        Gauge.builder("proofmesh_prober_in_flight", inFlight).description("challenges awaiting an answer").register(registry);
        Gauge.builder("proofmesh_prober_nodes_scheduled", scheduledNodes).description("ACTIVE nodes being probed")
                .register(registry);
    }

    public void judged(ProbeVerdict v) {
        Counter c = byOutcome.get(v.outcome());
        if (c != null) {
            c.increment();
        }
        if (v.rttMicros() != null) {
            rtt.record(Duration.ofNanos(v.rttMicros() * 1_000));
        }
    }

    public void published() {
        published.increment();
    }

    public void publishFailed() {
        publishFailures.increment();
    }

    public double count(ProbeOutcome outcome) {
        Counter c = byOutcome.get(outcome);
        return c == null ? 0 : c.count();
    }

    public double publishedCount() {
        return published.count();
    }
}
