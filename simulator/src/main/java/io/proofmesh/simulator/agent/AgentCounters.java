package io.proofmesh.simulator.agent;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What agents did, counted without locks so thousands of agents can share one instance (the
 * fleet keeps one per profile). Requests and events are counted separately: one request
 * carries several events.
 */
public final class AgentCounters {

    private final LongAdder sentRequests = new LongAdder();
    private final LongAdder sentEvents = new LongAdder();
    private final LongAdder acceptedRequests = new LongAdder();
    private final LongAdder acceptedEvents = new LongAdder();
    private final LongAdder deliveredEarlier = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder gaveUp = new LongAdder();
    private final LongAdder invalidReceipts = new LongAdder();
    private final Map<String, LongAdder> rejectedByCode = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> retryableAnswers = new ConcurrentHashMap<>();

    void requestSent(int events) {
        sentRequests.increment();
        sentEvents.add(events);
    }

    void retried() {
        retries.increment();
    }

    /** A 429 / 503 / connection failure (status 0) that will be retried or given up on. */
    void retryableAnswer(int status) {
        retryableAnswers.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    void finished(Delivery d) {
        switch (d.outcome()) {
            case ACCEPTED -> {
                acceptedRequests.increment();
                acceptedEvents.add(d.request().eventCount());
            }
            case DELIVERED_EARLIER -> {
                deliveredEarlier.increment();
                acceptedEvents.add(d.request().eventCount());
            }
            case REJECTED -> rejectedByCode.computeIfAbsent(d.reasonCode(), k -> new LongAdder()).increment();
            case GAVE_UP -> gaveUp.increment();
            case INVALID_RECEIPT -> invalidReceipts.increment();
        }
    }

    /** First sends of distinct requests (retries not included). */
    public long sentRequests() {
        return sentRequests.sum();
    }

    public long sentEvents() {
        return sentEvents.sum();
    }

    public long acceptedRequests() {
        return acceptedRequests.sum();
    }

    /** Events of accepted requests, including those whose 202 was lost and a retry heard REPLAYED. */
    public long acceptedEvents() {
        return acceptedEvents.sum();
    }

    public long deliveredEarlier() {
        return deliveredEarlier.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long gaveUp() {
        return gaveUp.sum();
    }

    /** 202s whose receipt did not verify; must stay 0 against an honest ingest. */
    public long invalidReceipts() {
        return invalidReceipts.sum();
    }

    public long rejected() {
        return rejectedByCode.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Final refusals (requests) by ingest's reason code, sorted by code. */
    public Map<String, Long> rejectedByCode() {
        Map<String, Long> m = new TreeMap<>();
        rejectedByCode.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Answers that were retried (or given up on) by HTTP status; 0 = connection failure or timeout. */
    public Map<Integer, Long> retryableAnswers() {
        Map<Integer, Long> m = new TreeMap<>();
        retryableAnswers.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
