package io.proofmesh.streams.service;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.http.HealthCheck;
import io.proofmesh.platform.http.ServiceHttpServer;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import io.proofmesh.scoring.policy.PolicyVerifier;
import io.proofmesh.streams.errors.RejectingDeserializationHandler;
import io.proofmesh.streams.errors.RejectingProductionHandler;
import io.proofmesh.streams.policy.GovernedPolicyResolver;
import io.proofmesh.streams.query.QueryRoutes;
import io.proofmesh.streams.rocksdb.BoundedMemoryRocksDbConfig;
import io.proofmesh.streams.topology.RegistrySerdes;
import io.proofmesh.streams.topology.ScoringTopology;
import io.proofmesh.streams.topology.ScoringTopologyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code proofmesh streams}: the scoring topology on Kafka Streams with exactly-once, and the query
 * API on {@code http.port} (default 8082) with {@code /health} and {@code /metrics}.
 */
public final class StreamsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    private final StreamsSettings settings;
    private final KafkaStreams streams;
    private final ServiceHttpServer http;

    private StreamsService(StreamsSettings settings, KafkaStreams streams, ServiceHttpServer http) {
        this.settings = settings;
        this.streams = streams;
        this.http = http;
    }

    public static StreamsService start(Settings s, Consumer<String> progress) {
        StreamsSettings cfg = StreamsSettings.from(s);
        CommonSettings common = CommonSettings.from(s);
        KafkaClients kafka = new KafkaClients(s);
        kafka.awaitBroker(common.connectTimeout());
        List<String> needed = new ArrayList<>();
        ScoringTopology.INPUTS.forEach(t -> needed.add(t.name()));
        List.of(TopicCatalog.SCORES_EPOCH, TopicCatalog.EPOCHS_CLOSED, TopicCatalog.LATE, TopicCatalog.SCORING_POLICY)
                .forEach(t -> needed.add(t.name()));
        kafka.requireTopics(needed, common.connectTimeout());
        int partitions = checkCoPartitioned(kafka);

        PrometheusMeterRegistry meters = ServiceHttpServer.newMeterRegistry("streams");
        SchemaRegistryClient registry = new SchemaRegistryClient(common.registryUrl());
        PolicyVerifier verifier = new PolicyVerifier(cfg.network(), cfg.chainId(), cfg.governanceAddress(), cfg.schedule());
        ScoringTopologyConfig topologyConfig = new ScoringTopologyConfig(cfg.lateness(), cfg.firstEpoch(), partitions,
                cfg.dedupeRetainEpochs(), cfg.instanceId(), new GovernedPolicyResolver(verifier, cfg.schedule()),
                new RegistrySerdes(registry), meters);
        Topology topology = ScoringTopology.buildTopology(topologyConfig);

        // Start HTTP first on a known port: application.server must name it before Streams starts.
        ServiceHttpServer[] server = new ServiceHttpServer[1];
        KafkaStreams[] holder = new KafkaStreams[1];
        server[0] = ServiceHttpServer.start("streams", cfg.httpHost(), cfg.httpPort(), meters,
                routes -> QueryRoutes.register(routes, () -> holder[0], topologyConfig));
        int port = server[0].port();
        Properties props = streamsProperties(cfg, common, kafka, port);
        KafkaStreams streams = new KafkaStreams(topology, props);
        holder[0] = streams;
        new KafkaStreamsMetrics(streams).bindTo(meters);
        streams.setUncaughtExceptionHandler(StreamsService::onUncaught);
        server[0].addHealthCheck("kafka-streams", () -> {
            KafkaStreams.State st = streams.state();
            boolean up = st == KafkaStreams.State.RUNNING || st == KafkaStreams.State.REBALANCING
                    || st == KafkaStreams.State.CREATED;
            return up ? HealthCheck.Result.up(st.name()) : HealthCheck.Result.down(st.name());
        });
        streams.start();
        progress.accept("scoring " + partitions + " partitions as " + cfg.applicationId() + "/" + cfg.instanceId()
                + " (exactly_once_v2, " + cfg.standbyReplicas() + " standby replicas, state in " + cfg.stateDir() + ")");
        progress.accept("policies trusted from governance " + cfg.governanceAddress() + " on " + cfg.network() + "/"
                + cfg.chainId());
        progress.accept("query API on http://" + cfg.advertisedHost() + ":" + port + "  (/v1/..., /health, /metrics)");
        return new StreamsService(cfg, streams, server[0]);
    }

    /**
     * A stream thread that dies is replaced (its tasks restart from their last committed
     * transaction). The global thread cannot be replaced: the client shuts down, /health turns
     * DOWN, and a restart rebuilds the global stores — e.g. after the broker lost the topics the
     * local state had read (a wiped dev stack).
     */
    private static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaught(Throwable e) {
        if (Thread.currentThread().getName().contains("GlobalStreamThread")) {
            LOG.error("the global-store thread failed; shutting the processor down — restart it to rebuild the global "
                    + "stores from config.scoring-policy and epochs.closed", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("stream thread failed; replacing it (its tasks restart from their last committed transaction)", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    static Properties streamsProperties(StreamsSettings cfg, CommonSettings common, KafkaClients kafka, int httpPort) {
        Properties p = new Properties();
        p.putAll(kafka.passThrough());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, cfg.applicationId());
        p.put(StreamsConfig.CLIENT_ID_CONFIG, cfg.applicationId() + "-" + cfg.instanceId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, cfg.standbyReplicas());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, cfg.threads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, cfg.stateDir().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, cfg.commitInterval().toMillis());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, cfg.advertisedHost() + ":" + httpPort);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class);
        p.put(BoundedMemoryRocksDbConfig.TOTAL_BYTES_CONFIG, Long.toString(cfg.rocksDbBytes()));
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingDeserializationHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingProductionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(AvroSerializer.REGISTRY_URL_CONFIG, common.registryUrl());
        // Every task reads its partitions in append-time order across topics (KIP-695): wait for a
        // lagging input rather than run ahead of it, so a tick never overtakes an on-time event.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        // The record cache folds repeated writes of a hot key (a node's tally, once per event) into
        // one RocksDB and changelog write per commit. The scorer forwards explicitly, so the cache
        // never delays an output.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cfg.cacheBytes());
        return p;
    }

    /** The node group's topics must have one partition count, or a task would not see a node whole. */
    private static int checkCoPartitioned(KafkaClients kafka) {
        try (Admin admin = kafka.admin()) {
            List<String> names = ScoringTopology.INPUTS.stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            int n = d.get(TopicCatalog.HEARTBEATS.name()).partitions().size();
            for (TopicDescription t : d.values()) {
                if (t.partitions().size() != n) {
                    throw new IllegalStateException("topic " + t.name() + " has " + t.partitions().size()
                            + " partitions but " + TopicCatalog.HEARTBEATS.name() + " has " + n + ": the node group must be "
                            + "co-partitioned. Resize them together (proofmesh topics --create --set topics.node-partitions=N).");
                }
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot describe the node-group topics: " + e.getMessage(), e);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public int httpPort() {
        return http.port();
    }

    public StreamsSettings settings() {
        return settings;
    }

    /** Waits until the instance runs (all tasks assigned and restored). */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + timeout + " (state "
                        + streams.state() + ")");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(20));
        http.close();
    }
}
