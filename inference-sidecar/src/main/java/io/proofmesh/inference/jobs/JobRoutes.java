package io.proofmesh.inference.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.platform.json.AvroJson;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The job API (port 8084): {@code POST /v1/jobs} submits a job and answers 202 with its jobId once
 * Kafka has it; {@code GET /v1/jobs/{id}} answers the result once ingest accepted one (404
 * {@code RESULT_NOT_FOUND} until then). Tensor data is base64 both ways, as in PROTOCOL.md §3.3.
 */
public final class JobRoutes {

    /** Bodies above this are refused with 413 before parsing. */
    public static final int MAX_BODY_BYTES = 64 << 20;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final JobSubmitter submitter;
    private final JobResultsView results;
    private final Clock clock;
    private final MeterRegistry metrics;

    public JobRoutes(JobSubmitter submitter, JobResultsView results, Clock clock, MeterRegistry metrics) {
        this.submitter = submitter;
        this.results = results;
        this.clock = clock;
        this.metrics = metrics;
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.post("/v1/jobs", this::submit);
        cfg.routes.get("/v1/jobs/{id}", this::result);
    }

    private void submit(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            error(ctx, 413, "BODY_TOO_LARGE", "", "a job body is at most " + MAX_BODY_BYTES + " bytes");
            return;
        }
        InferenceJob job;
        try {
            job = JobRequestParser.parse(body, clock.instant());
        } catch (JobRequestException e) {
            error(ctx, 400, e.code(), e.field(), e.getMessage());
            return;
        }
        try {
            JobSubmitter.Submitted s = submitter.submit(job);
            count("submit", "accepted");
            ObjectNode out = F.objectNode();
            out.put("jobId", s.jobId());
            out.put("modelId", job.getModelId());
            out.put("deadline", job.getDeadline().toString());
            out.put("partition", s.partition());
            out.put("offset", s.offset());
            out.put("result", "/v1/jobs/" + s.jobId());
            ctx.status(202).contentType("application/json").result(out.toString());
        } catch (JobSubmitter.KafkaUnavailableException e) {
            ctx.header("Retry-After", "2");
            error(ctx, 503, "KAFKA_UNAVAILABLE", "", e.getMessage() + "; retry after 2 s");
        }
    }

    private void result(Context ctx) {
        String id = ctx.pathParam("id");
        if (!JOB_ID.matcher(id).matches()) {
            error(ctx, 400, "BAD_JOB_ID", "id", "a jobId is 1-128 of A-Z a-z 0-9 . _ -");
            return;
        }
        Optional<JobResult> r = results.result(id);
        if (r.isEmpty()) {
            error(ctx, 404, "RESULT_NOT_FOUND", "id", "no result for job " + id + " yet (pending, expired from the "
                    + "view, or unknown); ask again later");
            return;
        }
        count("result", "found");
        ctx.status(200).contentType("application/json").result(render(r.get()).toString());
    }

    /** The result as JSON, tensor data in base64 (AvroJson would give hex). */
    public static ObjectNode render(JobResult r) {
        ObjectNode out = AvroJson.of(r);
        ArrayNode outputs = F.arrayNode();
        for (Tensor t : r.getOutputs()) {
            ObjectNode o = AvroJson.of(t);
            ByteBuffer d = t.getData().duplicate();
            byte[] b = new byte[d.remaining()];
            d.get(b);
            o.put("data", Base64.getEncoder().encodeToString(b));
            outputs.add(o);
        }
        out.set("outputs", outputs);
        out.remove("provenance");
        ObjectNode prov = AvroJson.of(r.getProvenance());
        prov.remove("signedBody");
        out.set("provenance", prov);
        return out;
    }

    private void error(Context ctx, int status, String code, String field, String message) {
        count(ctx.method().name().equals("POST") ? "submit" : "result", code);
        ObjectNode e = F.objectNode();
        e.put("code", code);
        e.put("field", field);
        e.put("message", message);
        ctx.status(status).contentType("application/json").result(e.toString());
    }

    private void count(String route, String outcome) {
        Counter.builder("proofmesh_jobs_api_requests_total").description("job API requests by route and outcome")
                .tag("route", route).tag("outcome", outcome).register(metrics).increment();
    }
}
