package io.proofmesh.streams.query;

import io.proofmesh.platform.json.AvroJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.streams.scorer.StoreKeys;
import io.proofmesh.streams.topology.StoreNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Questions about one epoch across all nodes: its close markers and its scores, paged by nodeId. */
final class EpochQueries {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStores stores;
    private final Peers peers;
    private final int partitionCount;

    EpochQueries(LocalStores stores, Peers peers, int partitionCount) {
        this.stores = stores;
        this.peers = peers;
        this.partitionCount = partitionCount;
    }

    void closed(Context ctx) {
        long epoch = RequestParams.epoch(ctx.pathParam("n"), "epoch");
        ReadOnlyKeyValueStore<String, EpochClosed> markers = stores.global(StoreNames.CLOSED);
        ArrayNode parts = F.arrayNode();
        ArrayNode open = F.arrayNode();
        long scoreCount = 0;
        for (int p = 0; p < partitionCount; p++) {
            EpochClosed m = markers.get(epoch + "/" + p);
            if (m == null) {
                open.add(p);
                continue;
            }
            scoreCount += m.getScoreCount();
            ObjectNode o = parts.addObject();
            o.put("partition", p);
            o.put("tickAppendTime", m.getTickAppendTime().toString());
            o.put("closedAt", m.getClosedAt().toString());
            o.put("scoreCount", m.getScoreCount());
            o.put("scoresDigest", AvroJson.hex(m.getScoresDigest().bytes()));
            o.put("processorId", m.getProcessorId());
        }
        ObjectNode out = F.objectNode();
        out.put("epoch", epoch);
        out.put("partitionCount", partitionCount);
        out.put("closedPartitions", parts.size());
        out.put("closedEverywhere", parts.size() == partitionCount);
        out.put("scoreCount", scoreCount);
        out.set("partitions", parts);
        out.set("openPartitions", open);
        NodeQueries.json(ctx, out);
    }

    /** One page of the epoch's scores, merged by nodeId from every instance (or this one's with local=true). */
    void scores(Context ctx) {
        long epoch = RequestParams.epoch(ctx.pathParam("n"), "epoch");
        int limit = RequestParams.limit(ctx);
        String after = RequestParams.after(ctx);
        boolean localOnly = "true".equals(ctx.queryParam("local"));
        if (localOnly) {
            NodeQueries.json(ctx, page(epoch, localPage(epoch, limit, after), limit));
            return;
        }
        TreeMap<String, JsonNode> merged = new TreeMap<>();
        boolean more = false;
        String query = "?local=true&limit=" + limit + (after == null ? "" : "&after=" + after);
        for (StreamsMetadata m : stores.running().streamsMetadataForStore(StoreNames.SCORES)) {
            List<JsonNode> part;
            boolean partMore;
            if (Peers.isSelf(m.hostInfo(), ctx)) {
                List<NodeEpochScore> local = localPage(epoch, limit, after);
                partMore = local.size() > limit;
                part = local.stream().limit(limit).map(s -> (JsonNode) NodeQueries.scoreJson(s)).toList();
            } else {
                Peers.Reply r = peers.get(m.hostInfo(), "/v1/epochs/" + epoch + "/scores" + query);
                if (r.status() != 200) {
                    relayFailure(r);
                }
                JsonNode body = parse(r.body());
                part = new ArrayList<>();
                body.path("scores").forEach(part::add);
                partMore = !body.path("next").isNull() && !body.path("next").isMissingNode();
            }
            part.forEach(s -> merged.put(s.path("nodeId").asText(), s));
            more |= partMore;
        }
        ArrayNode out = F.arrayNode();
        merged.values().stream().limit(limit).forEach(out::add);
        more |= merged.size() > limit;
        ObjectNode body = F.objectNode();
        body.put("epoch", epoch);
        body.set("scores", out);
        if (more && !out.isEmpty()) {
            body.put("next", out.get(out.size() - 1).path("nodeId").asText());
        } else {
            body.putNull("next");
        }
        NodeQueries.json(ctx, body);
    }

    private static void relayFailure(Peers.Reply r) {
        String code = "PEER_FAILED";
        String message = "a peer instance answered " + r.status();
        try {
            JsonNode e = JSON.readTree(r.body());
            code = e.path("code").asText(code);
            message = e.path("message").asText(message);
        } catch (IOException ignored) {
            // not JSON: keep the generic message
        }
        throw new ApiError(r.status() >= 500 ? r.status() : 502, code, message);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiError(502, "PEER_FAILED", "a peer instance answered with invalid JSON: " + e.getMessage());
        }
    }

    private ObjectNode page(long epoch, List<NodeEpochScore> scores, int limit) {
        ObjectNode body = F.objectNode();
        body.put("epoch", epoch);
        ArrayNode out = body.putArray("scores");
        scores.stream().limit(limit).forEach(s -> out.add(NodeQueries.scoreJson(s)));
        if (scores.size() > limit) {
            body.put("next", scores.get(limit - 1).getNodeId());
        } else {
            body.putNull("next");
        }
        return body;
    }

    /**
     * Up to {@code limit + 1} scores of the epoch held by this instance's active partitions, after
     * {@code after}, in nodeId order (one more than asked tells whether another page exists).
     */
    private List<NodeEpochScore> localPage(long epoch, int limit, String after) {
        List<NodeEpochScore> all = new ArrayList<>();
        Bytes from = after == null ? StoreKeys.epochStart(epoch) : StoreKeys.epochKey(epoch, after);
        for (int p : stores.activePartitions()) {
            ReadOnlyKeyValueStore<Bytes, NodeEpochScore> store = stores.partition(StoreNames.SCORES, p);
            int taken = 0;
            try (KeyValueIterator<Bytes, NodeEpochScore> it = store.range(from, StoreKeys.epochEnd(epoch))) {
                while (it.hasNext() && taken <= limit) {
                    KeyValue<Bytes, NodeEpochScore> kv = it.next();
                    if (after != null && StoreKeys.suffixOf(kv.key).compareTo(after) <= 0) {
                        continue;
                    }
                    all.add(kv.value);
                    taken++;
                }
            }
        }
        all.sort(Comparator.comparing(s -> s.getNodeId().toString()));
        return all.size() > limit + 1 ? new ArrayList<>(all.subList(0, limit + 1)) : all;
    }
}
