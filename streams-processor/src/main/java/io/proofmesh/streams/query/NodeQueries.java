package io.proofmesh.streams.query;

import io.proofmesh.platform.json.AvroJson;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.latency.LatencySketch;
import io.proofmesh.scoring.score.NodeEpochTally;
import io.proofmesh.scoring.score.ScoreDigest;
import io.proofmesh.scoring.uptime.HeartbeatSeconds;
import io.proofmesh.scoring.work.WorkTally;
import io.proofmesh.streams.scorer.RejectionCount;
import io.proofmesh.streams.scorer.StoreKeys;
import io.proofmesh.streams.topology.StoreNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Questions about one node, answered by the instance whose active task holds the node's
 * partition; any other instance forwards the request there once.
 */
final class NodeQueries {

    /** How many epochs past the last closed one the live view looks at (open epochs are few). */
    private static final int MAX_OPEN_EPOCHS = 32;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final LocalStores stores;
    private final Peers peers;
    private final EpochSchedule schedule;

    NodeQueries(LocalStores stores, Peers peers, EpochSchedule schedule) {
        this.stores = stores;
        this.peers = peers;
        this.schedule = schedule;
    }

    /** The node's partition if this instance owns it; otherwise the request is forwarded and null returned. */
    private Integer ownPartitionOrForward(Context ctx, String nodeId) {
        KeyQueryMetadata owner = stores.ownerOf(nodeId);
        if (Peers.isSelf(owner.activeHost(), ctx)) {
            return owner.partition();
        }
        if (Peers.wasForwarded(ctx)) {
            throw ApiError.rebalancing("node " + nodeId + " was forwarded here but is owned by "
                    + owner.activeHost().host() + ":" + owner.activeHost().port() + " (ownership is moving)");
        }
        peers.forward(ctx, owner.activeHost());
        return null;
    }

    void live(Context ctx) {
        String nodeId = RequestParams.nodeId(ctx);
        Integer partition = ownPartitionOrForward(ctx, nodeId);
        if (partition == null) {
            return;
        }
        ReadOnlyKeyValueStore<String, String> registry = stores.partition(StoreNames.REGISTRY, partition);
        ReadOnlyKeyValueStore<String, byte[]> standing = stores.partition(StoreNames.STANDING, partition);
        ReadOnlyKeyValueStore<Integer, byte[]> clock = stores.partition(StoreNames.CLOCK, partition);
        ReadOnlyKeyValueStore<Bytes, byte[]> tallies = stores.partition(StoreNames.TALLIES, partition);

        long current = schedule.epochOf(System.currentTimeMillis());
        byte[] clockBytes = clock.get(partition);
        Long lastClosed = clockBytes == null ? null : StoredFormats.lastClosedEpoch(clockBytes);
        long from = lastClosed == null ? Math.max(0, current - 1) : lastClosed + 1;
        long to = Math.min(current + 1, from + MAX_OPEN_EPOCHS - 1);

        ArrayNode open = F.arrayNode();
        for (long e = from; e <= to; e++) {
            byte[] t = tallies.get(StoreKeys.epochKey(e, nodeId));
            if (t != null) {
                open.add(tallyJson(e, NodeEpochTally.fromBytes(t)));
            }
        }
        String status = registry.get(nodeId);
        byte[] standingBytes = standing.get(nodeId);
        if (status == null && standingBytes == null && open.isEmpty()) {
            throw new ApiError(404, "UNKNOWN_NODE", "node " + nodeId + " is not registered and nothing of it has been "
                    + "scored or counted; check the id, or that its registration reached nodes.registry");
        }
        ObjectNode out = F.objectNode();
        out.put("nodeId", nodeId);
        out.put("partition", partition);
        if (status == null) {
            out.putNull("registryStatus");
        } else {
            out.put("registryStatus", status);
        }
        if (lastClosed == null) {
            out.putNull("lastClosedEpoch");
        } else {
            out.put("lastClosedEpoch", lastClosed);
        }
        out.put("currentEpoch", current);
        if (standingBytes == null) {
            out.putNull("standing");
        } else {
            StoredFormats.Standing s = StoredFormats.standing(standingBytes);
            ObjectNode st = out.putObject("standing");
            st.put("lastScoredEpoch", s.lastScoredEpoch());
            st.put("alphaPpm", s.alphaPpm());
            st.put("betaPpm", s.betaPpm());
            long sum = s.alphaPpm() + s.betaPpm();
            st.put("reputationPpm", sum == 0 ? 0 : s.alphaPpm() * 1_000_000L / sum);
            st.set("capacity", s.capacity() == null ? F.nullNode() : AvroJson.of(s.capacity()));
        }
        out.set("openEpochs", open);
        json(ctx, out);
    }

    private ObjectNode tallyJson(long epoch, NodeEpochTally t) {
        ObjectNode o = F.objectNode();
        o.put("epoch", epoch);
        o.put("startsAt", Instant.ofEpochMilli(schedule.startOf(epoch)).toString());
        o.put("endsAt", Instant.ofEpochMilli(schedule.endOf(epoch)).toString());
        o.put("heartbeatsCounted", t.heartbeatsCounted());
        HeartbeatSeconds hs = t.heartbeats();
        int heard = 0;
        for (int s = 0; s < hs.secondsInEpoch(); s++) {
            if (hs.heardIn(s)) {
                heard++;
            }
        }
        o.put("secondsHeard", heard);
        o.put("secondsInEpoch", hs.secondsInEpoch());
        o.put("probesOk", t.probesOk());
        o.put("probesFailed", t.probesFailed());
        LatencySketch rtt = t.okRoundTrips();
        putQuantile(o, "p50Micros", rtt, 500_000);
        putQuantile(o, "p95Micros", rtt, 950_000);
        WorkTally w = t.work();
        ObjectNode work = o.putObject("work");
        work.put("jobsOk", w.jobsOk());
        work.put("jobsFailed", w.jobsFailed());
        work.put("jobsExpired", w.jobsExpired());
        work.put("gpuMs", w.gpuMs());
        work.put("verifiedMatch", w.verifiedMatch());
        work.put("verifiedMismatch", w.verifiedMismatch());
        o.set("lastCapacity", t.lastCapacity() == null ? F.nullNode() : AvroJson.of(t.lastCapacity()));
        o.put("lateEvents", t.lateEvents());
        o.put("duplicateEvents", t.duplicateEvents());
        o.put("rejectedEvents", t.rejectedEvents());
        return o;
    }

    private static void putQuantile(ObjectNode o, String name, LatencySketch s, int ppm) {
        if (s.count() == 0) {
            o.putNull(name);
        } else {
            o.put(name, s.quantile(ppm));
        }
    }

    void score(Context ctx) {
        String nodeId = RequestParams.nodeId(ctx);
        long epoch = RequestParams.epoch(ctx.pathParam("n"), "epoch");
        Integer partition = ownPartitionOrForward(ctx, nodeId);
        if (partition == null) {
            return;
        }
        ReadOnlyKeyValueStore<Bytes, NodeEpochScore> scores = stores.partition(StoreNames.SCORES, partition);
        NodeEpochScore s = scores.get(StoreKeys.epochKey(epoch, nodeId));
        if (s == null) {
            ReadOnlyKeyValueStore<Integer, byte[]> clock = stores.partition(StoreNames.CLOCK, partition);
            byte[] c = clock.get(partition);
            String why;
            if (c == null || StoredFormats.lastClosedEpoch(c) < epoch) {
                why = "epoch " + epoch + " is still open on partition " + partition + " (last closed: "
                        + (c == null ? "none yet" : StoredFormats.lastClosedEpoch(c)) + "); its score appears when it closes";
            } else {
                why = "epoch " + epoch + " is closed on partition " + partition + " but node " + nodeId + " has no score "
                        + "for it: nothing of the node counted in that epoch and it was not ACTIVE in the registry (or "
                        + "the epoch closed before this partition started scoring)";
            }
            throw new ApiError(404, "SCORE_NOT_FOUND", why);
        }
        ObjectNode out = scoreJson(s);
        json(ctx, out);
    }

    static ObjectNode scoreJson(NodeEpochScore s) {
        ObjectNode out = AvroJson.of(s);
        out.put("detailsDigest", AvroJson.hex(ScoreDigest.details(s)));
        return out;
    }

    void rejections(Context ctx) {
        String nodeId = RequestParams.nodeId(ctx);
        String rawEpoch = ctx.queryParam("epoch");
        Long only = rawEpoch == null ? null : RequestParams.epoch(rawEpoch, "query parameter epoch");
        Integer partition = ownPartitionOrForward(ctx, nodeId);
        if (partition == null) {
            return;
        }
        ReadOnlyKeyValueStore<Bytes, byte[]> store = stores.partition(StoreNames.REJECTIONS, partition);
        int prefix = (nodeId + "|").getBytes(StandardCharsets.UTF_8).length;
        ArrayNode list = F.arrayNode();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(StoreKeys.nodeStart(nodeId), StoreKeys.nodeEnd(nodeId))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                byte[] k = kv.key.get();
                long epoch = ByteBuffer.wrap(k, prefix, 8).getLong() ^ Long.MIN_VALUE;
                if (only != null && epoch != only) {
                    continue;
                }
                RejectionCount r = RejectionCount.fromBytes(kv.value);
                ObjectNode o = list.addObject();
                o.put("epoch", epoch);
                o.put("reason", new String(k, prefix + 8, k.length - prefix - 8, StandardCharsets.UTF_8));
                o.put("count", r.count());
                o.put("stage", r.stage());
                o.put("lastMessage", r.lastMessage());
                o.put("lastSeen", Instant.ofEpochMilli(r.lastSeenMillis()).toString());
            }
        }
        ObjectNode out = F.objectNode();
        out.put("nodeId", nodeId);
        out.set("rejections", list);
        json(ctx, out);
    }

    static void json(Context ctx, ObjectNode body) {
        ctx.status(200).contentType("application/json").result(body.toString());
    }
}
