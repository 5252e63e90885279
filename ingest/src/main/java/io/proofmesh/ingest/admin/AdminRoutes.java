package io.proofmesh.ingest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.proofmesh.ingest.registry.NodeRegistrar;
import io.proofmesh.ingest.registry.NodeRegistryView;
import io.proofmesh.ingest.registry.RegistrationRequest;
import io.proofmesh.platform.crypto.Addresses;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The operator-facing admin API, behind a bearer token:
 * <ul>
 *   <li>{@code POST /v1/admin/nodes} — register or update a node (201 new, 200 updated);</li>
 *   <li>{@code POST /v1/admin/nodes/{id}/suspend} and {@code /activate} — {@code {"reason": "…"}};</li>
 *   <li>{@code GET /v1/admin/nodes} and {@code GET /v1/admin/nodes/{id}}.</li>
 * </ul>
 * Errors are {@code {code, message, field?}} like the telemetry API's.
 */
public final class AdminRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 16 * 1024;

    private final AdminToken token;
    private final NodeRegistrar registrar;
    private final NodeRegistryView view;

    public AdminRoutes(AdminToken token, NodeRegistrar registrar, NodeRegistryView view) {
        this.token = token;
        this.registrar = registrar;
        this.view = view;
    }

    public void mount(JavalinConfig cfg) {
        cfg.routes.before("/v1/admin/*", ctx -> {
            if (!token.accepts(ctx.header("Authorization"))) {
                ctx.header("WWW-Authenticate", "Bearer");
                error(ctx, 401, "UNAUTHORIZED", "a valid 'Authorization: Bearer <admin token>' header is required", null);
                ctx.skipRemainingHandlers();
            }
        });
        cfg.routes.post("/v1/admin/nodes", this::register);
        cfg.routes.post("/v1/admin/nodes/{id}/suspend", ctx -> setStatus(ctx, NodeStatus.SUSPENDED));
        cfg.routes.post("/v1/admin/nodes/{id}/activate", ctx -> setStatus(ctx, NodeStatus.ACTIVE));
        cfg.routes.get("/v1/admin/nodes", this::list);
        cfg.routes.get("/v1/admin/nodes/{id}", this::get);
    }

    private void register(Context ctx) {
        Optional<JsonNode> body = jsonBody(ctx);
        if (body.isEmpty()) {
            return;
        }
        try {
            NodeRegistrar.Outcome out = registrar.register(RegistrationRequest.parse(body.get()));
            ctx.status(out.created() ? 201 : 200).contentType("application/json").result(toJson(out.registration()).toString());
        } catch (RegistrationRequest.InvalidRegistrationException e) {
            error(ctx, 400, "INVALID_REGISTRATION", e.getMessage(), e.field());
        } catch (NodeRegistrar.RegistryWriteException e) {
            ctx.header("Retry-After", "5");
            error(ctx, 503, "KAFKA_UNAVAILABLE", e.getMessage(), null);
        }
    }

    private void setStatus(Context ctx, NodeStatus status) {
        String id = ctx.pathParam("id");
        if (!Addresses.isCanonical(id)) {
            error(ctx, 400, "INVALID_NODE_ID", "node ids are lower-case 0x addresses", null);
            return;
        }
        String reason = null;
        if (!ctx.body().isBlank()) {
            Optional<JsonNode> body = jsonBody(ctx);
            if (body.isEmpty()) {
                return;
            }
            JsonNode r = body.get().get("reason");
            if (r != null && (!r.isTextual() || r.asText().length() > 256)) {
                error(ctx, 400, "INVALID_REQUEST", "reason must be a string of at most 256 characters", "/reason");
                return;
            }
            reason = r == null ? null : r.asText();
        }
        try {
            Optional<NodeRegistration> r = registrar.setStatus(id, status, reason);
            if (r.isEmpty()) {
                error(ctx, 404, "UNKNOWN_NODE", "node " + id + " is not registered", null);
            } else {
                ctx.contentType("application/json").result(toJson(r.get()).toString());
            }
        } catch (NodeRegistrar.RegistryWriteException e) {
            ctx.header("Retry-After", "5");
            error(ctx, 503, "KAFKA_UNAVAILABLE", e.getMessage(), null);
        }
    }

    private void list(Context ctx) {
        ArrayNode out = JSON.createArrayNode();
        view.all().forEach(r -> out.add(toJson(r)));
        ctx.contentType("application/json").result(out.toString());
    }

    private void get(Context ctx) {
        Optional<NodeRegistration> r = view.registration(ctx.pathParam("id"));
        if (r.isEmpty()) {
            error(ctx, 404, "UNKNOWN_NODE", "node " + ctx.pathParam("id") + " is not registered", null);
        } else {
            ctx.contentType("application/json").result(toJson(r.get()).toString());
        }
    }

    private static Optional<JsonNode> jsonBody(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            error(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "send Content-Type: application/json", null);
            return Optional.empty();
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BODY) {
            error(ctx, 413, "BODY_TOO_LARGE", "admin requests are at most " + MAX_BODY + " bytes", null);
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(bytes));
        } catch (IOException e) {
            error(ctx, 400, "MALFORMED_JSON", "the body is not valid JSON", null);
            return Optional.empty();
        }
    }

    /** A registration as the admin and key-rotation APIs answer it. */
    public static ObjectNode toJson(NodeRegistration r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("nodeId", r.getNodeId());
        n.put("signingAddress", r.getSigningAddress());
        n.put("payoutAddress", r.getPayoutAddress());
        n.put("operatorAddress", r.getOperatorAddress());
        n.put("region", r.getRegion());
        n.put("probeEndpoint", r.getProbeEndpoint());
        ObjectNode c = n.putObject("declaredCapacity");
        c.put("gpuModel", r.getDeclaredCapacity().getGpuModel());
        c.put("gpuCount", r.getDeclaredCapacity().getGpuCount());
        c.put("gpuMemoryMb", r.getDeclaredCapacity().getGpuMemoryMb());
        c.put("cpuCores", r.getDeclaredCapacity().getCpuCores());
        c.put("memoryMb", r.getDeclaredCapacity().getMemoryMb());
        c.put("maxConcurrentJobs", r.getDeclaredCapacity().getMaxConcurrentJobs());
        n.put("status", r.getStatus().name());
        if (r.getStatusReason() != null) {
            n.put("statusReason", r.getStatusReason());
        }
        n.put("registeredAt", r.getRegisteredAt().toEpochMilli());
        n.put("updatedAt", r.getUpdatedAt().toEpochMilli());
        if (r.getKeyRotation() != null) {
            ObjectNode k = n.putObject("keyRotation");
            k.put("previousSigningAddress", r.getKeyRotation().getPreviousSigningAddress());
            k.put("newSigningAddress", r.getKeyRotation().getNewSigningAddress());
            k.put("rotatedAt", r.getKeyRotation().getRotatedAt().toEpochMilli());
            ByteBuffer sig = r.getKeyRotation().getOperatorSignature().duplicate();
            byte[] b = new byte[sig.remaining()];
            sig.get(b);
            k.put("operatorSignature", "0x" + HexFormat.of().formatHex(b));
        }
        return n;
    }

    private static void error(Context ctx, int status, String code, String message, String field) {
        ObjectNode e = JSON.createObjectNode().put("code", code).put("message", message);
        if (field != null && !field.isEmpty()) {
            e.put("field", field);
        }
        ctx.status(status).contentType("application/json").result(e.toString());
    }
}
