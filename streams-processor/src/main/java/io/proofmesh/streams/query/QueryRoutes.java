package io.proofmesh.streams.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.streams.topology.ScoringTopologyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API: live and final per-node state, per-epoch close markers and paged scores, and
 * its OpenAPI document. Every answer is JSON; every error is {@code {"code","message"}} with a
 * specific status, and every request is counted by route and status in
 * {@code streams_query_requests_total}.
 */
public final class QueryRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(QueryRoutes.class);
    static final String OPENAPI_RESOURCE = "/openapi/streams.json";

    private final MeterRegistry meters;

    private QueryRoutes(MeterRegistry meters) {
        this.meters = meters;
    }

    public static void register(JavalinConfig cfg, Supplier<KafkaStreams> streams, ScoringTopologyConfig topology) {
        LocalStores stores = new LocalStores(streams);
        Peers peers = new Peers();
        NodeQueries nodes = new NodeQueries(stores, peers, topology.lateness().schedule());
        EpochQueries epochs = new EpochQueries(stores, peers, topology.partitionCount());
        QueryRoutes r = new QueryRoutes(topology.metrics());
        byte[] openApi = openApi();
        cfg.routes.get("/v1/nodes/{id}", r.counted("node", nodes::live));
        cfg.routes.get("/v1/nodes/{id}/epochs/{n}", r.counted("node-epoch", nodes::score));
        cfg.routes.get("/v1/nodes/{id}/rejections", r.counted("node-rejections", nodes::rejections));
        cfg.routes.get("/v1/epochs/{n}", r.counted("epoch", epochs::closed));
        cfg.routes.get("/v1/epochs/{n}/scores", r.counted("epoch-scores", epochs::scores));
        cfg.routes.get("/openapi.json", r.counted("openapi", ctx -> ctx.contentType("application/json").result(openApi)));
    }

    private Handler counted(String route, Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (ApiError e) {
                error(ctx, e.status(), e.code(), e.getMessage());
            } catch (InvalidStateStoreException e) {
                error(ctx, 503, "REBALANCING", "the store is not queryable here right now (" + e.getMessage()
                        + "); retry in a second");
            } catch (RuntimeException e) {
                LOG.warn("query {} {} failed", route, ctx.path(), e);
                error(ctx, 500, "INTERNAL", "the query failed: " + e + "; see the processor's log");
            }
            Counter.builder("streams_query_requests").description("Query API requests by route and status")
                    .tag("route", route).tag("status", Integer.toString(ctx.statusCode())).register(meters).increment();
        };
    }

    private static void error(Context ctx, int status, String code, String message) {
        if (status == 503) {
            ctx.header("Retry-After", "1");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private static byte[] openApi() {
        try (InputStream in = QueryRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + OPENAPI_RESOURCE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
