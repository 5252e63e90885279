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

    private final NodeAgent agent;

    public ResultReporter(NodeAgent agent) {
        this.agent = agent;
    }

    CompletableFuture<Delivery> report(JobOutcome o) {
        return agent.submit(event(o));
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
