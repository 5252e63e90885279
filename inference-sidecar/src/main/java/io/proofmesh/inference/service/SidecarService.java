package io.proofmesh.inference.service;

import ai.onnxruntime.OrtEnvironment;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proofmesh.inference.jobs.JobResultsView;
import io.proofmesh.inference.jobs.JobRoutes;
import io.proofmesh.inference.jobs.JobSubmitter;
import io.proofmesh.inference.model.DevModels;
import io.proofmesh.inference.model.ModelCatalogue;
import io.proofmesh.inference.model.ModelStatus;
import io.proofmesh.inference.runner.JobExecutor;
import io.proofmesh.inference.runner.ResultReporter;
import io.proofmesh.inference.runner.SidecarRunner;
import io.proofmesh.inference.tensor.TensorCodec;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.http.HealthCheck;
import io.proofmesh.platform.http.ServiceHttpServer;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.simulator.agent.IngestConnection;
import io.proofmesh.simulator.agent.NodeAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code proofmesh sidecar}: runs next to one GPU node. Pulls jobs from {@code jobs.requests} in
 * the sidecars' consumer group, runs them with ONNX Runtime, signs each result with the node key
 * and submits it through ingest; serves the job API, {@code /health} and {@code /metrics} on
 * {@code http.port} (8084).
 */
public final class SidecarService implements AutoCloseable {

    private final SidecarRunner runner;
    private final ServiceHttpServer http;
    private final ModelCatalogue catalogue;
    private final NodeAgent agent;
    private final IngestConnection connection;
    private final JobResultsView results;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final String nodeId;

    private SidecarService(SidecarRunner runner, ServiceHttpServer http, ModelCatalogue catalogue, NodeAgent agent,
                           IngestConnection connection, JobResultsView results, KafkaProducer<String, SpecificRecord> producer,
                           String nodeId) {
        this.runner = runner;
        this.http = http;
        this.catalogue = catalogue;
        this.agent = agent;
        this.connection = connection;
        this.results = results;
        this.producer = producer;
        this.nodeId = nodeId;
    }

    public static SidecarService start(Settings s, Consumer<String> progress) throws IOException {
        SidecarSettings cfg = SidecarSettings.from(s);
        CommonSettings common = CommonSettings.from(s);
        MessageSigner key = cfg.nodeKeyHex().map(hex -> {
            try {
                return MessageSigner.fromPrivateKeyHex(hex);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("the node key (" + SidecarSettings.NODE_KEY + " / "
                        + Settings.envName(SidecarSettings.NODE_KEY) + " / " + SidecarSettings.NODE_KEY_FILE
                        + ") must be 32 bytes of hex");
            }
        }).orElseThrow(() -> new ConfigException("no node key: the sidecar signs results as its node. Set "
                + Settings.envName(SidecarSettings.NODE_KEY) + " or pass --node-key-file FILE (the key the node is "
                + "registered with: proofmesh nodes register)"));

        ModelCatalogue catalogue = DevModels.openConfigured(cfg.modelsDir(), Path.of(".proofmesh", "models"), s, progress,
                "models");

        KafkaClients kafka = new KafkaClients(s);
        kafka.awaitBroker(common.connectTimeout());
        kafka.requireTopics(List.of(TopicCatalog.JOB_REQUESTS.name(), TopicCatalog.JOB_RESULTS.name()), common.connectTimeout());
        SchemaRegistryClient registry = new SchemaRegistryClient(common.registryUrl());

        IngestConnection connection = IngestConnection.to(cfg.ingestUrl()).build();
        NodeAgent agent = NodeAgent.builder(connection, key, CommonSettings.signingDomain(s))
                .maxEventsPerRequest(16)
                .flushInterval(Duration.ofMillis(5))
                .build();
        PrometheusMeterRegistry meters = ServiceHttpServer.newMeterRegistry("sidecar");
        Map<String, Object> cc = kafka.consumerConfig(cfg.group());
        cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cc.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, cfg.maxInFlight());
        KafkaConsumer<String, InferenceJob> consumer = new KafkaConsumer<>(cc, new StringDeserializer(),
                AvroDeserializer.specific(registry, InferenceJob.class));
        JobExecutor executor = new JobExecutor(catalogue, new TensorCodec(), OrtEnvironment.getEnvironment(), Clock.systemUTC(),
                cfg.perturbOutputs());
        if (cfg.perturbOutputs() != 0) {
            progress.accept("DISHONEST NODE (demo): every float output is shifted by " + cfg.perturbOutputs());
        }
        SidecarRunner runner = new SidecarRunner(consumer, executor, new ResultReporter(agent),
                model -> catalogue.entry(model).map(e -> e.batchable()).orElse(false),
                new SidecarRunner.Limits(cfg.maxBatch(), cfg.maxWait(), cfg.maxInFlight()), Clock.systemUTC(), meters);

        KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("sidecar-jobs-api"),
                new StringSerializer(), new AvroSerializer<>(registry, false));
        JobResultsView results = new JobResultsView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                new StringDeserializer(), AvroDeserializer.specific(registry, JobResult.class)),
                TopicCatalog.JOB_RESULTS.name(), cfg.resultsLookback(), 100_000).start();
        ServiceHttpServer http = ServiceHttpServer.start("sidecar", cfg.httpHost(), cfg.httpPort(), meters,
                routes -> new JobRoutes(new JobSubmitter(producer), results, Clock.systemUTC(), meters).register(routes));
        http.addHealthCheck("models", () -> {
            long ok = catalogue.statuses().stream().filter(ModelStatus::available).count();
            return ok > 0 ? HealthCheck.Result.up(ok + " of " + catalogue.statuses().size() + " models available")
                    : HealthCheck.Result.down("no model available");
        });
        runner.start();
        progress.accept("sidecar of node " + key.address() + " pulls jobs.requests as group '" + cfg.group()
                + "' and submits results to " + cfg.ingestUrl());
        progress.accept("job API on http://" + cfg.httpHost() + ":" + http.port() + "  (POST /v1/jobs, GET /v1/jobs/{id}, "
                + "/health, /metrics)");
        return new SidecarService(runner, http, catalogue, agent, connection, results, producer, key.address());
    }

    public int httpPort() {
        return http.port();
    }

    public String nodeId() {
        return nodeId;
    }

    public ModelCatalogue catalogue() {
        return catalogue;
    }

    @Override
    public void close() {
        runner.close();
        agent.close();
        connection.close();
        results.close();
        producer.close(Duration.ofSeconds(5));
        http.close();
        catalogue.close();
    }
}
