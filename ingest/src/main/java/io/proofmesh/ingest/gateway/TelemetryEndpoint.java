package io.proofmesh.ingest.gateway;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.proofmesh.ingest.protocol.EventMapper;
import io.proofmesh.ingest.protocol.MappedEvent;
import io.proofmesh.ingest.protocol.NodeAuthorizer;
import io.proofmesh.ingest.protocol.ReasonCode;
import io.proofmesh.ingest.protocol.Receipt;
import io.proofmesh.ingest.protocol.ReceiptWriter;
import io.proofmesh.ingest.protocol.RejectedRequestException;
import io.proofmesh.ingest.protocol.Rejection;
import io.proofmesh.ingest.protocol.SignatureHeader;
import io.proofmesh.ingest.protocol.SignedReceipt;
import io.proofmesh.ingest.protocol.TelemetryContentType;
import io.proofmesh.ingest.protocol.TelemetryVerifier;
import io.proofmesh.ingest.protocol.VerifiedRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/telemetry}: the checks of PROTOCOL.md in their order — source rate limit,
 * content type, size, the stateless verification (syntax, structure, semantics, domain, clock
 * skew, signature), the node directory, the node rate limit, the replay cache — then every
 * event to Kafka, and 202 with a signed receipt only once Kafka acknowledged all of them.
 * Every refusal is answered {@code {code, message, field?}} with its status, counted and kept.
 */
public final class TelemetryEndpoint implements Handler {

    /** Retry-After for 503: Kafka outages are retried soon; the agent backs off further itself. */
    static final long KAFKA_RETRY_AFTER_SECONDS = 2;

    private final TelemetryVerifier verifier;
    private final NodeAuthorizer authorizer;
    private final RateLimiter sourceLimiter;
    private final RateLimiter nodeLimiter;
    private final ReplayCache replays;
    private final EventMapper mapper;
    private final TelemetryPublisher publisher;
    private final ReceiptWriter receipts;
    private final String ingestId;
    private final RejectionRecorder rejections;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Timer accepted;

    public TelemetryEndpoint(TelemetryVerifier verifier, NodeAuthorizer authorizer, RateLimiter sourceLimiter,
                             RateLimiter nodeLimiter, ReplayCache replays, EventMapper mapper, TelemetryPublisher publisher,
                             ReceiptWriter receipts, String ingestId, RejectionRecorder rejections, Clock clock,
                             MeterRegistry metrics) {
        this.verifier = verifier;
        this.authorizer = authorizer;
        this.sourceLimiter = sourceLimiter;
        this.nodeLimiter = nodeLimiter;
        this.replays = replays;
        this.mapper = mapper;
        this.publisher = publisher;
        this.receipts = receipts;
        this.ingestId = ingestId;
        this.rejections = rejections;
        this.clock = clock;
        this.metrics = metrics;
        this.accepted = Timer.builder("proofmesh_ingest_accept_seconds")
                .description("from receipt of the body to the signed 202").publishPercentiles(0.5, 0.99).register(metrics);
    }

    @Override
    public void handle(Context ctx) {
        long t0 = System.nanoTime();
        Instant receivedAt = clock.instant();
        String source = ctx.ip();
        String contentType = ctx.header("Content-Type");

        RateLimiter.Decision bySource = sourceLimiter.tryAcquire(source);
        if (!bySource.allowed()) {
            refuse(ctx, Rejection.of(ReasonCode.RATE_LIMITED_SOURCE, "too many requests from " + source
                    + "; retry after " + bySource.retryAfterSeconds() + " s"), bySource.retryAfterSeconds(),
                    null, null, source, contentType, new byte[0], receivedAt);
            return;
        }
        byte[] body = new byte[0];
        VerifiedRequest verified = null;
        try {
            TelemetryContentType.check(contentType);
            long declared = ctx.contentLength();
            int max = verifier.maxBodyBytes();
            if (declared > max) { // refuse without reading it: keep only a prefix for the record
                Rejection r = Rejection.of(ReasonCode.BODY_TOO_LARGE, "the body is " + declared + " bytes; at most " + max
                        + " are accepted");
                ctx.status(r.httpStatus()).contentType("application/json").result(r.toJson());
                rejections.record(r, null, null, source, contentType, readPrefix(ctx, RejectionRecorder.MAX_RAW_BYTES),
                        declared, receivedAt);
                return;
            }
            body = readAtMost(ctx, max + 1);
            if (body.length > max) { // no Content-Length (chunked), or one that lied: stop reading past the limit
                throw Rejection.of(ReasonCode.BODY_TOO_LARGE, "the body is more than " + max + " bytes; at most " + max
                        + " are accepted").toException();
            }
            verified = verifier.verify(body, ctx.header(SignatureHeader.NAME), receivedAt);
            authorizer.authorize(verified);
            String nodeId = verified.request().nodeId();
            RateLimiter.Decision byNode = nodeLimiter.tryAcquire(nodeId);
            if (!byNode.allowed()) {
                refuse(ctx, Rejection.of(ReasonCode.RATE_LIMITED_NODE, "node " + nodeId + " sends too often; retry after "
                        + byNode.retryAfterSeconds() + " s"), byNode.retryAfterSeconds(), nodeId, verified.request().seq(),
                        source, contentType, body, receivedAt);
                return;
            }
            switch (replays.check(nodeId, verified.request().seq(), verified.bodyDigest())) {
                case REPLAYED -> throw Rejection.of(ReasonCode.REPLAYED, "this exact body (seq " + verified.request().seq()
                        + ") was already accepted").toException();
                case STALE_SEQ -> throw Rejection.of(ReasonCode.STALE_SEQ, "seq " + verified.request().seq()
                        + " is not above the last accepted seq of node " + nodeId).toException();
                case NEW -> { }
            }
            List<MappedEvent> events = mapper.map(verified);
            List<Receipt.EventPosition> positions = publisher.publish(events);
            replays.recordAccepted(nodeId, verified.request().seq(), verified.bodyDigest());
            SignedReceipt receipt = receipts.sign(Receipt.of(verifier.domain(), ingestId, receipts.ingestAddress(),
                    verified, positions));
            ctx.status(202)
                    .header(SignatureHeader.NAME, receipt.signatureHeader())
                    .contentType("application/json")
                    .result(receipt.body());
            metrics.counter("proofmesh_ingest_accepted_requests_total").increment();
            metrics.counter("proofmesh_ingest_accepted_events_total").increment(events.size());
            accepted.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (RejectedRequestException e) {
            if (body.length == 0) { // refused before the body was read (e.g. content type): keep a prefix of it
                body = readPrefix(ctx, RejectionRecorder.MAX_RAW_BYTES);
            }
            refuse(ctx, e.rejection(), 0, verified != null ? verified.request().nodeId() : e.claimedNodeId(),
                    verified != null ? Long.valueOf(verified.request().seq()) : e.claimedSeq(), source, contentType, body, receivedAt);
        } catch (TelemetryPublisher.KafkaUnavailableException e) {
            refuse(ctx, Rejection.of(ReasonCode.KAFKA_UNAVAILABLE, "Kafka is unavailable; nothing of this request is "
                    + "confirmed — retry the same body after " + KAFKA_RETRY_AFTER_SECONDS + " s"),
                    KAFKA_RETRY_AFTER_SECONDS, verified.request().nodeId(), verified.request().seq(), source, contentType,
                    body, receivedAt);
        }
    }

    /**
     * Reads the body ourselves rather than with {@code ctx.bodyAsBytes()}: that would read a
     * chunked body up to Javalin's own limit and answer with Javalin's error instead of ours.
     */
    private static byte[] readAtMost(Context ctx, int limit) throws RejectedRequestException {
        try {
            return ctx.req().getInputStream().readNBytes(limit);
        } catch (java.io.IOException e) {
            throw Rejection.of(ReasonCode.MALFORMED_JSON, "the body could not be read: " + e.getMessage()).toException();
        }
    }

    private static byte[] readPrefix(Context ctx, int max) {
        try {
            return ctx.req().getInputStream().readNBytes(max);
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    private void refuse(Context ctx, Rejection r, long retryAfterSeconds, String nodeId, Long seq, String source,
                        String contentType, byte[] body, Instant receivedAt) {
        if (retryAfterSeconds > 0) {
            ctx.header("Retry-After", Long.toString(retryAfterSeconds));
        }
        ctx.status(r.httpStatus()).contentType("application/json").result(r.toJson());
        rejections.record(r, nodeId, seq, source, contentType, body, receivedAt);
    }
}
