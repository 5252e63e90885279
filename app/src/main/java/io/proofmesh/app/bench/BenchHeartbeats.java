package io.proofmesh.app.bench;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.telemetry.Heartbeat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Heartbeats shaped like the ones ingest writes: a lower-case 0x node id, a 65-byte signature and
 * the node's signed JSON body in the provenance, so the record size and the processor's
 * deserialisation work match real traffic. Signatures are not real: the scoring processor does not
 * re-check them (that is ingest's job), so the bench does not pay for signing.
 */
public final class BenchHeartbeats {

    private BenchHeartbeats() {
    }

    /** The {@code i}-th node id of the bench fleet: a stable, well-spread 0x address. */
    public static String nodeId(int i) {
        long h = mix(i + 1L);
        return String.format(Locale.ROOT, "0x%016x%016x%08x", h, mix(h), i);
    }

    /** A node id no fleet node has (the latency probes' one-heartbeat nodes), from {@code salt} and {@code i}. */
    public static String freshNodeId(long salt, int i) {
        return String.format(Locale.ROOT, "0x%016x%016x%08x", mix(salt), mix(salt + i + 1), i);
    }

    public static Heartbeat heartbeat(String nodeId, long seq, long sentAtMillis) {
        String body = "{\"v\":1,\"network\":\"proofmesh-devnet\",\"chainId\":31337,\"nodeId\":\"" + nodeId + "\",\"seq\":" + seq
                + ",\"sentAt\":" + sentAtMillis + ",\"events\":[{\"type\":\"heartbeat\",\"uptimeSeconds\":" + (seq * 30)
                + ",\"cpuLoadPpm\":250000,\"gpuLoadPpm\":610000,\"activeJobs\":1,\"agentVersion\":\"proofmesh-agent/0.1.0\"}]}";
        byte[] signature = new byte[65];
        long s = mix(seq ^ nodeId.hashCode());
        for (int k = 0; k < signature.length; k++) {
            signature[k] = (byte) (s >>> (8 * (k % 8)) ^ k);
        }
        byte[] digest = new byte[32];
        System.arraycopy(signature, 0, digest, 0, 32);
        Provenance provenance = Provenance.newBuilder()
                .setSigner(nodeId)
                .setSignature(ByteBuffer.wrap(signature))
                .setSignedBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .setBodyDigest(new Bytes32(digest))
                .setReceivedAt(Instant.ofEpochMilli(sentAtMillis))
                .setIngestId("ingest-bench")
                .build();
        return Heartbeat.newBuilder()
                .setNodeId(nodeId).setSeq(seq).setEventIndex(0).setSentAt(Instant.ofEpochMilli(sentAtMillis))
                .setUptimeSeconds(seq * 30).setCpuLoadPpm(250_000).setGpuLoadPpm(610_000).setActiveJobs(1)
                .setAgentVersion("proofmesh-agent/0.1.0").setProvenance(provenance)
                .build();
    }

    /** splitmix64's finaliser: spreads consecutive numbers over the whole 64-bit range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
