package io.proofmesh.settler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.settler.chain.ChainCallException;
import io.proofmesh.settler.chain.ChainRpc;
import io.proofmesh.settler.chain.ChainUnavailableException;
import io.proofmesh.settler.chain.DistributorClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims and liabilities API on the settler's HTTP port: {@code GET /v1/rewards/{nodeId}},
 * {@code GET /v1/rewards/{nodeId}/proof}, {@code GET /v1/liabilities} and {@code GET /openapi.json}.
 * Errors are {@code {"code","message"}}; requests are counted by route and status in
 * {@code proofmesh_settler_api_requests_total}, errors by code in
 * {@code proofmesh_settler_api_errors_total}, proofs that fail their root in
 * {@code proofmesh_settler_api_proof_mismatch_total}.
 *
 * <p>The chain is asked without retries (a request should fail fast with 503 CHAIN_UNAVAILABLE,
 * not hang while the settler's own calls keep retrying).
 */
public final class RewardsRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(RewardsRoutes.class);
    static final String OPENAPI_RESOURCE = "/openapi/rewards.json";

    private final MeterRegistry meters;

    private RewardsRoutes(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Starts a {@link RewardsView} on the reward topics and a non-retrying chain client, mounts the
     * routes, and closes both when the server stops. What the settler service calls.
     */
    public static void register(JavalinConfig cfg, KafkaClients kafka, SchemaRegistryClient registry, String chainRpcUrl,
                                String distributorAddress, long chainId, MeterRegistry meters) {
        RewardsView view = new RewardsView(consumer(kafka, AvroDeserializer.specific(registry, RewardBatch.class)),
                consumer(kafka, AvroDeserializer.specific(registry, SettlementReceipt.class)),
                consumer(kafka, AvroDeserializer.specific(registry, RewardEntry.class)), distributorAddress).start();
        ChainRpc chain = new ChainRpc(chainRpcUrl, Duration.ofSeconds(1), () -> false, LOG::debug, () -> { });
        register(cfg, view, chain, chainId, meters);
        cfg.events.serverStopped(() -> {
            view.close();
            chain.close();
        });
    }

    /** Mounts the routes over an existing view and chain client (the caller closes them). */
    public static void register(JavalinConfig cfg, RewardsView view, ChainRpc chain, long chainId, MeterRegistry meters) {
        DistributorClient distributor = new DistributorClient(chain, view.distributor());
        RewardsRoutes r = new RewardsRoutes(meters);
        Counter mismatches = Counter.builder("proofmesh.settler.api.proof.mismatch")
                .description("Proof requests whose rebuilt tree or proof did not match the batch's root").register(meters);
        RewardsQueries q = new RewardsQueries(view, distributor, new Finality(chain, distributor),
                new ClaimLog(chain, view.distributor()), chainId, mismatches::increment);
        byte[] openApi = openApi();
        cfg.routes.get("/v1/rewards/{nodeId}", r.counted("rewards-node", ctx -> json(ctx, () -> q.node(ctx.pathParam("nodeId")))));
        cfg.routes.get("/v1/rewards/{nodeId}/proof", r.counted("rewards-proof", ctx -> json(ctx, () -> q.proof(ctx.pathParam("nodeId")))));
        cfg.routes.get("/v1/liabilities", r.counted("liabilities", ctx -> json(ctx, q::liabilities)));
        cfg.routes.get("/openapi.json", r.counted("openapi", ctx -> ctx.contentType("application/json").result(openApi)));
    }

    private static void json(Context ctx, Supplier<ObjectNode> answer) {
        ctx.contentType("application/json").result(answer.get().toString());
    }

    private Handler counted(String route, Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (ApiError e) {
                error(ctx, e.status(), e.code(), e.getMessage());
            } catch (ChainUnavailableException e) {
                error(ctx, 503, "CHAIN_UNAVAILABLE", e.getMessage() + "; start the chain (anvil in `proofmesh dev`) or fix chain.rpc-url");
            } catch (ChainCallException e) {
                error(ctx, 502, "CHAIN_ERROR", "the chain refused a read: " + e.getMessage()
                        + "; check settler.distributor-address and chain.rpc-url");
            } catch (RuntimeException e) {
                LOG.warn("rewards API {} {} failed", route, ctx.path(), e);
                error(ctx, 500, "INTERNAL", "the request failed: " + e + "; see the settler's log");
            }
            Counter.builder("proofmesh.settler.api.requests").description("Rewards API requests by route and status")
                    .tag("route", route).tag("status", Integer.toString(ctx.statusCode())).register(meters).increment();
        };
    }

    private void error(Context ctx, int status, String code, String message) {
        if (status == 503) {
            ctx.header("Retry-After", "2");
        }
        Counter.builder("proofmesh.settler.api.errors").description("Rewards API refusals by error code")
                .tag("code", code).register(meters).increment();
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private static <V> KafkaConsumer<String, V> consumer(KafkaClients kafka, Deserializer<V> values) {
        Map<String, Object> c = kafka.consumerConfig(null);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(c, new StringDeserializer(), values);
    }

    private static byte[] openApi() {
        try (InputStream in = RewardsRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + OPENAPI_RESOURCE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
