package io.proofmesh.ingest.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.ingest.admin.AdminRoutes;
import io.proofmesh.ingest.registry.KeyRotationCode;
import io.proofmesh.ingest.registry.KeyRotationRefusal;
import io.proofmesh.ingest.registry.KeyRotationRequest;
import io.proofmesh.ingest.registry.KeyRotationVerifier;
import io.proofmesh.ingest.registry.NodeRegistrar;
import io.proofmesh.schemas.registry.NodeRegistration;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/nodes/{nodeId}/key-rotation} (PROTOCOL.md §10): an operator replaces a node's
 * signing key with a message signed by the operator key and by the new key. Not behind the admin
 * token — the operator's signature is the authorisation. Checks: source rate limit, content type,
 * size, strict body, then {@link KeyRotationVerifier}; the write goes through
 * {@link NodeRegistrar#rotateKey}, which returns once this instance's registry view shows the new
 * key. Answers 200 with the updated registration, or {@code {code, message, field?}}; every
 * outcome is counted in {@code proofmesh_ingest_key_rotations_total{outcome}}.
 */
public final class KeyRotationEndpoint implements Handler {

    public static final String PATH = "/v1/nodes/{nodeId}/key-rotation";
    /** A rotation body is under 700 bytes; anything much larger is not one. */
    static final int MAX_BODY_BYTES = 4096;
    private static final long KAFKA_RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(KeyRotationEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyRotationVerifier verifier;
    private final KeyRotationVerifier.Registrations registry;
    private final NodeRegistrar registrar;
    private final RateLimiter sourceLimiter;
    private final Clock clock;
    private final MeterRegistry metrics;

    /**
     * @param sourceLimiter per source address: each request costs two signature recoveries and is
     *                      unauthenticated until they pass, so it is throttled before any of it
     */
    public KeyRotationEndpoint(KeyRotationVerifier verifier, KeyRotationVerifier.Registrations registry,
                               NodeRegistrar registrar, RateLimiter sourceLimiter, Clock clock, MeterRegistry metrics) {
        this.verifier = verifier;
        this.registry = registry;
        this.registrar = registrar;
        this.sourceLimiter = sourceLimiter;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void handle(Context ctx) {
        Instant receivedAt = clock.instant();
        RateLimiter.Decision bySource = sourceLimiter.tryAcquire(ctx.ip());
        if (!bySource.allowed()) {
            ctx.header("Retry-After", Long.toString(bySource.retryAfterSeconds()));
            refuse(ctx, new KeyRotationRefusal(KeyRotationCode.RATE_LIMITED_SOURCE, "too many key rotations from "
                    + ctx.ip() + "; retry after " + bySource.retryAfterSeconds() + " s", null));
            return;
        }
        try {
            String type = ctx.header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).matches("application/json\\s*(;\\s*charset=utf-8\\s*)?")) {
                throw new KeyRotationRefusal(KeyRotationCode.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json",
                        null);
            }
            if (ctx.contentLength() > MAX_BODY_BYTES) {
                throw new KeyRotationRefusal(KeyRotationCode.BODY_TOO_LARGE, "a key rotation is at most " + MAX_BODY_BYTES
                        + " bytes", null);
            }
            byte[] body = ctx.bodyAsBytes();
            if (body.length > MAX_BODY_BYTES) { // chunked bodies declare no length
                throw new KeyRotationRefusal(KeyRotationCode.BODY_TOO_LARGE, "a key rotation is at most " + MAX_BODY_BYTES
                        + " bytes", null);
            }
            KeyRotationRequest request = KeyRotationRequest.parse(body, ctx.pathParam("nodeId"));
            KeyRotationVerifier.Verified verified = verifier.verify(request, registry, receivedAt);
            NodeRegistration updated = registrar.rotateKey(verified);
            LOG.info("node {}: signing key rotated {} -> {} (issuedAt {})", updated.getNodeId(),
                    verified.rotation().getPreviousSigningAddress(), verified.rotation().getNewSigningAddress(),
                    verified.rotation().getRotatedAt().toEpochMilli());
            count("ROTATED");
            ctx.status(200).contentType("application/json").result(AdminRoutes.toJson(updated).toString());
        } catch (KeyRotationRefusal r) {
            refuse(ctx, r);
        } catch (NodeRegistrar.StaleRotationException e) {
            refuse(ctx, new KeyRotationRefusal(KeyRotationCode.STALE_ROTATION, e.getMessage(), "/previousSigningAddress"));
        } catch (NodeRegistrar.RegistryWriteException e) {
            ctx.header("Retry-After", Long.toString(KAFKA_RETRY_AFTER_SECONDS));
            refuse(ctx, new KeyRotationRefusal(KeyRotationCode.KAFKA_UNAVAILABLE, "the rotation could not be stored ("
                    + e.getMessage() + "); send the same request again after " + KAFKA_RETRY_AFTER_SECONDS + " s", null));
        }
    }

    private void refuse(Context ctx, KeyRotationRefusal r) {
        count(r.code().name());
        ObjectNode e = JSON.createObjectNode().put("code", r.code().name()).put("message", r.getMessage());
        if (r.field() != null) {
            e.put("field", r.field());
        }
        ctx.status(r.code().httpStatus()).contentType("application/json").result(e.toString());
    }

    private void count(String outcome) {
        metrics.counter("proofmesh_ingest_key_rotations_total", "outcome", outcome).increment();
    }
}
