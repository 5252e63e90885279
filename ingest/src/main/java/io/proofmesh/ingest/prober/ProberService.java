package io.proofmesh.ingest.prober;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proofmesh.ingest.registry.NodeRegistryView;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The latency prober (`proofmesh prober`): follows {@code nodes.registry}, challenges every
 * ACTIVE node's probe endpoint {@code prober.probes-per-epoch} times per epoch and writes each
 * signed result to {@code telemetry.probes}. {@link #start} returns once the registry is loaded,
 * probing has begun and the HTTP port ({@code /health}, {@code /metrics}) is open;
 * {@link #close} stops everything in reverse order and is safe to call from a shutdown hook
 * and more than once.
 */
public final class ProberService implements AutoCloseable {

    private final ProberSettings settings;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final NodeRegistryView registry;
    private final ProbeScheduler scheduler;
    private final ExecutorService completions;
    private final ProbeClient client;
    private final ServiceHttpServer http;
    private final ProberMetrics metrics;
    private final String proberAddress;
    private volatile boolean closed;

    private ProberService(ProberSettings settings, KafkaProducer<String, SpecificRecord> producer, NodeRegistryView registry,
                          ProbeScheduler scheduler, ExecutorService completions, ProbeClient client, ServiceHttpServer http, ProberMetrics metrics,
                          String proberAddress) {
        this.settings = settings;
        this.producer = producer;
        this.registry = registry;
        this.scheduler = scheduler;
        this.completions = completions;
        this.client = client;
        this.http = http;
        this.metrics = metrics;
        this.proberAddress = proberAddress;
    }

    /**
     * Starts the prober from {@code s} (defaults: {@link ProberSettings#DEFAULTS}, {@link CommonSettings#DEFAULTS});
     * {@code progress} receives one line per start-up step (never a secret).
     */
    public static ProberService start(Settings s, Consumer<String> progress) throws InterruptedException {
        ProberSettings cfg = ProberSettings.from(s);
        CommonSettings common = CommonSettings.from(s);
        KafkaClients kafka = new KafkaClients(s);
        kafka.awaitBroker(common.connectTimeout());
        kafka.requireTopics(List.of(TopicCatalog.NODES_REGISTRY.name(), TopicCatalog.PROBES.name()), common.connectTimeout());

        MessageSigner key = cfg.keyHex().map(hex -> {
            try {
                return MessageSigner.fromPrivateKeyHex(hex);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("the prober key (" + ProberSettings.KEY + " / "
                        + Settings.envName(ProberSettings.KEY) + " / " + ProberSettings.KEY_FILE + ") must be 32 bytes of hex");
            }
        }).orElseGet(() -> {
            progress.accept("WARNING: no prober key configured (" + Settings.envName(ProberSettings.KEY) + " or "
                    + ProberSettings.KEY_FILE + "): probe results are signed with a THROW-AWAY key that changes at every "
                    + "start. Fine for dev; in production nobody can tell this prober's results from a forger's.");
            return MessageSigner.generate();
        });
        progress.accept("prober " + cfg.proberId() + " signs results as " + key.address() + "; signature recovery: "
                + SignerRecoveries.best().implementation());

        PrometheusMeterRegistry meters = ServiceHttpServer.newMeterRegistry("prober");
        ProberMetrics metrics = new ProberMetrics(meters);
        SchemaRegistryClient schemas = new SchemaRegistryClient(common.registryUrl());
        Map<String, Object> pc = kafka.producerConfig(cfg.proberId());
        // Never block the prober on a missing broker for long; results that cannot be written are counted.
        pc.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(pc, new StringSerializer(),
                new AvroSerializer<>(schemas, false));

        NodeRegistryView registry = new NodeRegistryView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                new StringDeserializer(), AvroDeserializer.specific(schemas, NodeRegistration.class)),
                TopicCatalog.NODES_REGISTRY.name(), meters).start();
        try {
            registry.awaitCaughtUp(common.connectTimeout().plusSeconds(15));
        } catch (RuntimeException | InterruptedException e) {
            registry.close();
            producer.close(Duration.ZERO);
            throw e;
        }
        progress.accept("node registry loaded: " + registry.size() + " nodes");

        ExecutorService completions = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "probe-results");
            t.setDaemon(true);
            return t;
        });
        ProbeClient client = new ProbeClient(ProbeClient.newHttpClient(cfg.timeout()), cfg.timeout(), cfg.maxInFlight(),
                System::currentTimeMillis, completions);
        ProbePublisher publisher = new ProbePublisher(producer, TopicCatalog.PROBES.name(), metrics::publishFailed,
                p -> metrics.published());
        ProbeRunner runner = new ProbeRunner(cfg.network(), cfg.chainId(), cfg.proberId(), client,
                new ProbeJudge(SignerRecoveries.best()), new ProbeRecordSigner(key, cfg.schedule()), publisher, metrics,
                registry::registration);
        ProbeSlots slots = new ProbeSlots(cfg.schedule(), cfg.probesPerEpoch());
        ProbeScheduler scheduler = new ProbeScheduler(slots, registry::all, registry::registration, runner::probe,
                System::currentTimeMillis, new SecureRandom(), Duration.ofSeconds(1));
        metrics.gauges(client::inFlight, scheduler::scheduledNodes);

        ServiceHttpServer http;
        try {
            http = ServiceHttpServer.start("prober", cfg.httpHost(), cfg.httpPort(), meters, routes -> { });
        } catch (RuntimeException e) {
            completions.shutdownNow();
            registry.close();
            producer.close(Duration.ZERO);
            throw e;
        }
        http.addHealthCheck("node-registry", () -> registry.isCaughtUp()
                ? HealthCheck.Result.up(registry.size() + " nodes") : HealthCheck.Result.down("loading"));
        scheduler.start();
        progress.accept("probing " + cfg.probesPerEpoch() + "x per " + human(cfg.epochs().length()) + " epoch per ACTIVE node "
                + "(every " + human(Duration.ofMillis(slots.spacingMillis())) + "), timeout " + human(cfg.timeout()) + ", at most "
                + cfg.maxInFlight()
                + " in flight; results to " + TopicCatalog.PROBES.name() + " for " + cfg.network() + "/" + cfg.chainId());
        progress.accept("prober metrics on http://" + cfg.httpHost() + ":" + http.port() + " (/health, /metrics)");
        return new ProberService(cfg, producer, registry, scheduler, completions, client, http, metrics, key.address());
    }

    public int port() {
        return http.port();
    }

    /** Lower-case 0x address of the key that signs every result (recorded as {@code proberAddress}). */
    public String proberAddress() {
        return proberAddress;
    }

    public ProberSettings settings() {
        return settings;
    }

    public ProberMetrics metrics() {
        return metrics;
    }

    /** ACTIVE nodes currently scheduled for probing. */
    public int scheduledNodes() {
        return scheduler.scheduledNodes();
    }

    /** 10s, 1h30m, 0.5s — Duration.toString without the ISO noise. */
    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /**
     * Stops probing, waits (up to the probe timeout) for outstanding answers, then stops the HTTP
     * port, the registry view and, after flushing the results, the producer. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.close();
        // Let answers already on their way be judged and handed to the producer before it flushes.
        long deadline = System.nanoTime() + settings.timeout().plusSeconds(1).toNanos();
        try {
            while (client.inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            completions.shutdown();
            completions.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        registry.close();
        producer.close(Duration.ofSeconds(5));
    }
}
