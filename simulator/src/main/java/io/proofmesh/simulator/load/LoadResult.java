package io.proofmesh.simulator.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a load run measured.
 *
 * @param requests       requests sent
 * @param eventsPerRequest events in every request
 * @param statusCounts   answers by HTTP status; {@code -1} counts requests that failed on the connection
 * @param elapsedNanos   from the first send to the last answer
 * @param latency        per-request latency (write of the request to the end of the answer)
 * @param driverCpuNanos CPU time the load generator's own threads used
 */
public record LoadResult(int requests, int eventsPerRequest, Map<Integer, Long> statusCounts, long elapsedNanos,
                         LatencySummary latency, long driverCpuNanos) {

    public LoadResult {
        statusCounts = Map.copyOf(statusCounts);
    }

    public long accepted() {
        return statusCounts.getOrDefault(202, 0L);
    }

    public long acceptedEvents() {
        return accepted() * eventsPerRequest;
    }

    /** Accepted (202) requests per second; each carries one verified signature. */
    public double acceptedRequestsPerSecond() {
        return elapsedNanos == 0 ? 0 : accepted() * 1e9 / elapsedNanos;
    }

    public double acceptedEventsPerSecond() {
        return acceptedRequestsPerSecond() * eventsPerRequest;
    }

    /** Every answer that was not 202, by status (sorted). */
    public Map<Integer, Long> refusals() {
        Map<Integer, Long> m = new TreeMap<>(statusCounts);
        m.remove(202);
        return m;
    }

    /** Load-generator CPU per request, µs. */
    public double driverCpuMicrosPerRequest() {
        return requests == 0 ? 0 : driverCpuNanos / 1e3 / requests;
    }
}
