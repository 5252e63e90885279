package io.proofmesh.ingest.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proofmesh.ingest.admin.AdminRoutes;
import io.proofmesh.ingest.admin.AdminToken;
import io.proofmesh.ingest.gateway.KeyRotationEndpoint;
import io.proofmesh.ingest.gateway.RateLimiter;
import io.proofmesh.ingest.gateway.RejectionRecorder;
import io.proofmesh.ingest.gateway.ReplayCache;
import io.proofmesh.ingest.gateway.TelemetryEndpoint;
import io.proofmesh.ingest.gateway.TelemetryPublisher;
import io.proofmesh.ingest.protocol.EventMapper;
import io.proofmesh.ingest.protocol.NodeAuthorizer;
import io.proofmesh.ingest.protocol.ProtocolLimits;
import io.proofmesh.ingest.protocol.ReceiptWriter;
import io.proofmesh.ingest.protocol.TelemetryRequestParser;
import io.proofmesh.ingest.protocol.TelemetryVerifier;
import io.proofmesh.ingest.registry.KeyRotationVerifier;
import io.proofmesh.ingest.registry.NodeRegistrar;
import io.proofmesh.ingest.registry.NodeRegistryView;
import io.proofmesh.ingest.ticks.TickEmitter;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.http.HealthCheck;
import io.proofmesh.platform.http.ServiceHttpServer;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ingest service: the telemetry gateway, the admin API, the live node registry and the
 * tick emitter, wired from settings. {@code start} returns once the registry is loaded and
 * the HTTP port is open; {@code close} stops everything in reverse order.
 */
public final class IngestService implements AutoCloseable {

    private final IngestSettings settings;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final NodeRegistryView registry;
    private final TickEmitter ticks;
    private final ServiceHttpServer http;
    private final String receiptAddress;

    private IngestService(IngestSettings settings, KafkaProducer<String, SpecificRecord> producer, NodeRegistryView registry,
                          TickEmitter ticks, ServiceHttpServer http, String receiptAddress) {
        this.settings = settings;
        this.producer = producer;
        this.registry = registry;
        this.ticks = ticks;
        this.http = http;
        this.receiptAddress = receiptAddress;
    }

    public static IngestService start(Settings s, Consumer<String> progress) throws InterruptedException {
        IngestSettings cfg = IngestSettings.from(s);
        CommonSettings common = CommonSettings.from(s);
        KafkaClients kafka = new KafkaClients(s);
        kafka.awaitBroker(common.connectTimeout());
        kafka.requireTopics(common.topics().stream().map(TopicSpec::name).toList(), common.connectTimeout());

        MessageSigner receiptKey = cfg.receiptKeyHex().map(MessageSigner::fromPrivateKeyHex).orElseGet(() -> {
            progress.accept("WARNING: no ingest.receipt-key / PROOFMESH_INGEST_RECEIPT_KEY set; receipts are signed "
                    + "with a throw-away key that changes at every start (fine for dev, not for production)");
            return MessageSigner.generate();
        });
        progress.accept("receipts are signed by " + receiptKey.address() + "; signature recovery: "
                + SignerRecoveries.best().implementation());

        PrometheusMeterRegistry metrics = ServiceHttpServer.newMeterRegistry("ingest");
        SchemaRegistryClient schemas = new SchemaRegistryClient(common.registryUrl());
        Map<String, Object> pc = kafka.producerConfig(cfg.ingestId());
        int ackMs = (int) cfg.ackTimeout().toMillis();
        // Bound how long a send can hang so a request fails with 503 instead of waiting on Kafka forever;
        // Kafka requires delivery.timeout >= linger + request.timeout.
        pc.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ackMs, 5_000));
        pc.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        int floor = Integer.parseInt(pc.get(ProducerConfig.LINGER_MS_CONFIG).toString())
                + Integer.parseInt(pc.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG).toString());
        pc.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(ackMs, floor));
        KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(pc, new StringSerializer(),
                new AvroSerializer<>(schemas, false));

        NodeRegistryView registry = new NodeRegistryView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                new StringDeserializer(), AvroDeserializer.specific(schemas, NodeRegistration.class)),
                TopicCatalog.NODES_REGISTRY.name(), metrics).start();
        registry.awaitCaughtUp(common.connectTimeout().plusSeconds(15));
        progress.accept("node registry loaded: " + registry.size() + " nodes");

        Clock clock = Clock.systemUTC();
        TelemetryVerifier verifier = new TelemetryVerifier(cfg.domain(), cfg.maxClockSkew(), clock, SignerRecoveries.best(),
                new TelemetryRequestParser(new ProtocolLimits(cfg.maxBodyBytes())));
        TelemetryEndpoint endpoint = new TelemetryEndpoint(verifier, new NodeAuthorizer(registry),
                // Monotonic time for the buckets: a wall-clock jump must not hand out or withhold a burst.
                new RateLimiter(cfg.sourceRatePerSecond(), cfg.sourceBurst(), 100_000),
                new RateLimiter(cfg.nodeRatePerSecond(), cfg.nodeBurst(), 2_000_000),
                new ReplayCache(2_000_000), new EventMapper(cfg.ingestId()),
                new TelemetryPublisher(producer, cfg.ackTimeout()), new ReceiptWriter(receiptKey), cfg.ingestId(),
                new RejectionRecorder(producer, TopicCatalog.REJECTED.name(), metrics), clock, metrics);
        NodeRegistrar registrar = new NodeRegistrar(producer, TopicCatalog.NODES_REGISTRY.name(), registry, clock);
        KeyRotationEndpoint keyRotation = new KeyRotationEndpoint(new KeyRotationVerifier(cfg.domain(), cfg.maxClockSkew(),
                SignerRecoveries.best()), registry, registrar, new RateLimiter(2, 20, 100_000), clock, metrics);
        Optional<AdminToken> token = AdminToken.from(s);
        Optional<AdminRoutes> admin = token.map(t -> new AdminRoutes(t, registrar, registry));
        if (token.isEmpty()) {
            progress.accept("admin API disabled: set PROOFMESH_ADMIN_TOKEN or admin.token-file to enable /v1/admin/*");
        }
        byte[] openApi = openApi();

        ServiceHttpServer http = ServiceHttpServer.start("ingest", cfg.httpHost(), cfg.httpPort(), metrics, routes -> {
            routes.routes.post("/v1/telemetry", endpoint);
            routes.routes.post(KeyRotationEndpoint.PATH, keyRotation);
            routes.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            admin.ifPresent(a -> a.mount(routes));
        });
        http.addHealthCheck("node-registry", () -> registry.isCaughtUp()
                ? HealthCheck.Result.up(registry.size() + " nodes") : HealthCheck.Result.down("loading"));

        TickEmitter ticks = cfg.tickInterval().isZero() ? null
                : new TickEmitter(producer, TopicCatalog.CLOCK_TICKS.name(), cfg.ingestId(), cfg.tickInterval(), clock,
                        metrics).start();
        progress.accept("ingest " + cfg.ingestId() + " for " + cfg.domain() + " listening on http://" + cfg.httpHost() + ":"
                + http.port() + " (POST /v1/telemetry, POST /v1/nodes/{id}/key-rotation, /openapi.json, /health, /metrics)");
        return new IngestService(cfg, producer, registry, ticks, http, receiptKey.address());
    }

    public int port() {
        return http.port();
    }

    public String receiptAddress() {
        return receiptAddress;
    }

    public IngestSettings settings() {
        return settings;
    }

    private static byte[] openApi() {
        try (InputStream in = IngestService.class.getResourceAsStream("/openapi/ingest.json")) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the OpenAPI document is missing from the jar", e);
        }
    }

    @Override
    public void close() {
        if (ticks != null) {
            ticks.close();
        }
        http.close();
        registry.close();
        producer.close(Duration.ofSeconds(5));
    }
}
