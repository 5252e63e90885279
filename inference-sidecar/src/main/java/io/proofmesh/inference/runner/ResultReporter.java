package io.proofmesh.inference.runner;

import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.simulator.agent.Delivery;
import io.proofmesh.simulator.agent.NodeAgent;
import io.proofmesh.simulator.agent.NodeEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a job's result the only way node data enters the network: signed with the node's key,
 * through ingest (DESIGN.md), via the node SDK, which batches, retries 429/503 with the same
 * signed bytes and verifies ingest's receipt. Outputs that would not fit ingest's body limit are
 * left out whole from the end ({@code outputsTruncated}); the digest still covers all of them.
 */
public final class ResultReporter {

    /** Raw output bytes per result that fit ingest's 1 MiB body with base64 and the rest of the event. */
    static final int MAX_OUTPUT_BYTES = 512 * 1024;

    /** Ingest takes at most 100 events per request (PROTOCOL.md §3.4). */
    static final int MAX_EVENTS_PER_REQUEST = 100;

    private record Queued(NodeEvent event, CompletableFuture<Delivery> done) {}

    private final NodeAgent agent;
    private final java.util.ArrayDeque<Queued> queue = new java.util.ArrayDeque<>();
    private boolean sending;

    public ResultReporter(NodeAgent agent) {
        this.agent = agent;
    }

    /**
     * Queues a result; the future completes with the delivery of the request that carries it.
     * Results are coalesced: while one request is with ingest, everything that arrives waits and
     * goes in the next one, so the node's one-request-at-a-time order never turns a steady stream
     * of results into a queue of one-event requests.
     */
    CompletableFuture<Delivery> report(JobOutcome o) {
        CompletableFuture<Delivery> done = new CompletableFuture<>();
        synchronized (queue) {
            queue.add(new Queued(event(o), done));
            if (!sending) {
                sendNext();
            }
        }
        return done;
    }

    /** Must hold the queue's lock. */
    private void sendNext() {
        if (queue.isEmpty()) {
            sending = false;
            return;
        }
        sending = true;
        List<Queued> batch = new ArrayList<>();
        while (!queue.isEmpty() && batch.size() < MAX_EVENTS_PER_REQUEST) {
            batch.add(queue.poll());
        }
        agent.send(batch.stream().map(Queued::event).toList()).whenComplete((d, e) -> {
            for (Queued q : batch) {
                if (e != null) {
                    q.done().completeExceptionally(e);
                } else {
                    q.done().complete(d);
                }
            }
            synchronized (queue) {
                sendNext();
            }
        });
    }

    /** PROTOCOL.md §3.3: at most 1024 characters; tab, CR and LF are the only control characters allowed. */
    static String statusMessage(String m) {
        if (m == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(m.length(), 1024));
        m.codePoints().limit(1024).forEach(c -> b.appendCodePoint(
                Character.getType(c) == Character.CONTROL && c != '\t' && c != '\r' && c != '\n' ? ' ' : c));
        return b.toString();
    }

    static NodeEvent.JobResult event(JobOutcome o) {
        List<NodeEvent.Tensor> outputs = new ArrayList<>();
        long bytes = 0;
        boolean truncated = false;
        for (Tensor t : o.outputs()) {
            ByteBuffer d = t.getData().duplicate();
            byte[] data = new byte[d.remaining()];
            d.get(data);
            if (bytes + data.length > MAX_OUTPUT_BYTES) {
                truncated = true;
                break;
            }
            bytes += data.length;
            long[] shape = t.getShape().stream().mapToLong(Long::longValue).toArray();
            outputs.add(new NodeEvent.Tensor(t.getName(), t.getDtype().name(), shape, data));
        }
        return new NodeEvent.JobResult(o.jobId(), o.modelId(), o.status().name(), statusMessage(o.statusMessage()), outputs, truncated,
                "0x" + HexFormat.of().formatHex(o.outputDigest()), o.queueMs(), o.computeMs(), o.executionProvider(),
                o.completedAt());
    }
}
