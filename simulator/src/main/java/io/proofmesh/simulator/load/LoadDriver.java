package io.proofmesh.simulator.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends pre-signed requests over {@code concurrency} keep-alive connections, one thread each,
 * and records every request's latency and status. A node's requests all go over the same
 * connection in seq order (connection = node mod concurrency), so no request overtakes an
 * earlier one of its node and is refused as {@code STALE_SEQ}.
 */
public final class LoadDriver {

    private final String host;
    private final int port;
    private final int concurrency;

    public LoadDriver(String host, int port, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.host = host;
        this.port = port;
        this.concurrency = concurrency;
    }

    public LoadResult run(List<PresignedRequest> requests) throws InterruptedException {
        int events = requests.isEmpty() ? 0 : requests.get(0).events();
        List<List<byte[]>> lanes = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            lanes.add(new ArrayList<>());
        }
        for (PresignedRequest r : requests) { // wire bytes built before the clock starts
            if (r.events() != events) {
                throw new IllegalArgumentException("all requests of a run must carry the same number of events");
            }
            lanes.get(r.node() % concurrency).add(Http11Connection.telemetryPost(host, port, r));
        }
        long[] latencies = new long[requests.size()];
        AtomicLong slot = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        List<Map<Integer, Long>> statuses = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (List<byte[]> lane : lanes) {
            Map<Integer, Long> counts = new HashMap<>();
            statuses.add(counts);
            Thread t = new Thread(() -> runLane(lane, latencies, slot, counts, cpu, start), "load-" + threads.size());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - t0;
        Map<Integer, Long> total = new HashMap<>();
        statuses.forEach(m -> m.forEach((k, v) -> total.merge(k, v, Long::sum)));
        return new LoadResult(requests.size(), events, total, elapsed, LatencySummary.of(latencies), cpu.get());
    }

    private void runLane(List<byte[]> lane, long[] latencies, AtomicLong slot, Map<Integer, Long> counts, AtomicLong cpu,
                         CountDownLatch start) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Http11Connection conn = new Http11Connection(host, port)) {
            start.await();
            long cpu0 = mx.getCurrentThreadCpuTime();
            for (byte[] request : lane) {
                long t0 = System.nanoTime();
                int status;
                try {
                    status = conn.exchange(request);
                } catch (IOException e) {
                    status = -1; // counted, and the next request opens a new connection
                    conn.close();
                }
                latencies[(int) slot.getAndIncrement()] = System.nanoTime() - t0;
                counts.merge(status, 1L, Long::sum);
            }
            cpu.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
