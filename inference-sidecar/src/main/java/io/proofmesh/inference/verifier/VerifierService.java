package io.proofmesh.inference.verifier;

import ai.onnxruntime.OrtEnvironment;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proofmesh.inference.jobs.JobSubmitter;
import io.proofmesh.inference.model.DevModels;
import io.proofmesh.inference.model.ModelCatalogue;
import io.proofmesh.inference.model.ModelStatus;
import io.proofmesh.inference.runner.JobExecutor;
import io.proofmesh.inference.tensor.TensorCodec;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.http.HealthCheck;
import io.proofmesh.platform.http.ServiceHttpServer;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
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
 * The network's verifier (network-run; writes {@code jobs.verifications} directly, DESIGN.md):
 * re-executes a secret-seeded sample of the results on {@code jobs.results} with its own model
 * catalogue, checks every canary's result against its known answer, injects canaries into
 * {@code jobs.requests}, and serves {@code /health} and {@code /metrics} on {@code http.port} (8086).
 * One instance per {@code verifier.group}: the canaries it remembers are its own.
 */
public final class VerifierService implements AutoCloseable {

    private final VerificationLoop loop;
    private final CanaryInjector canaries;
    private final ServiceHttpServer http;
    private final ModelCatalogue catalogue;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final Verifier verifier;

    private VerifierService(VerificationLoop loop, CanaryInjector canaries, ServiceHttpServer http, ModelCatalogue catalogue,
                            KafkaProducer<String, SpecificRecord> producer, Verifier verifier) {
        this.loop = loop;
        this.canaries = canaries;
        this.http = http;
        this.catalogue = catalogue;
        this.producer = producer;
        this.verifier = verifier;
    }

    public static VerifierService start(Settings s, Consumer<String> progress) throws IOException {
        VerifierSettings cfg = VerifierSettings.from(s);
        CommonSettings common = CommonSettings.from(s);
        byte[] seed = VerifierSeed.from(s, progress);
        ModelCatalogue catalogue = DevModels.openConfigured(cfg.modelsDir(), Path.of(".proofmesh", "verifier-models"), s, progress,
                "reference models");

        KafkaClients kafka = new KafkaClients(s);
        kafka.awaitBroker(common.connectTimeout());
        kafka.requireTopics(List.of(TopicCatalog.JOB_REQUESTS.name(), TopicCatalog.JOB_RESULTS.name(),
                TopicCatalog.JOB_VERIFICATIONS.name()), common.connectTimeout());
        SchemaRegistryClient registry = new SchemaRegistryClient(common.registryUrl());
        PrometheusMeterRegistry meters = ServiceHttpServer.newMeterRegistry("verifier");

        JobExecutor executor = new JobExecutor(catalogue, new TensorCodec(), OrtEnvironment.getEnvironment(), Clock.systemUTC());
        Verifier verifier = new Verifier(cfg.capacity(), new SampleSelector(seed, cfg.samplePpm()), catalogue, executor,
                cfg.verifierId(), Clock.systemUTC());
        KafkaConsumer<String, InferenceJob> requests = new KafkaConsumer<>(kafka.consumerConfig(null),
                new StringDeserializer(), AvroDeserializer.specific(registry, InferenceJob.class));
        Map<String, Object> rc = kafka.consumerConfig(cfg.group());
        rc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, JobResult> results = new KafkaConsumer<>(rc, new StringDeserializer(),
                AvroDeserializer.specific(registry, JobResult.class));
        KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig(cfg.verifierId()),
                new StringSerializer(), new AvroSerializer<>(registry, false));
        VerificationLoop loop = new VerificationLoop(verifier, requests, results, producer, cfg.requestsLookback(),
                cfg.requestWait(), Clock.systemUTC(), meters).start();
        CanaryInjector canaries = new CanaryInjector(verifier, new JobSubmitter(producer), new SecureRandom(),
                cfg.canaryInterval(), Clock.systemUTC(), meters).start();
        ServiceHttpServer http = ServiceHttpServer.start("verifier", cfg.httpHost(), cfg.httpPort(), meters, routes -> { });
        http.addHealthCheck("models", () -> {
            long ok = catalogue.statuses().stream().filter(ModelStatus::available).count();
            return ok > 0 ? HealthCheck.Result.up(ok + " of " + catalogue.statuses().size() + " reference models available")
                    : HealthCheck.Result.down("no reference model available");
        });
        http.addHealthCheck("verification", () -> loop.alive() ? HealthCheck.Result.up("following jobs.results")
                : HealthCheck.Result.down("the verification loop stopped (see the log); restart the verifier"));
        progress.accept("verifier " + cfg.verifierId() + " re-executes " + cfg.samplePpm() / 10_000.0 + " % of jobs.results"
                + " (group '" + cfg.group() + "'), canaries every ~" + cfg.canaryInterval().toMillis() + " ms"
                + (cfg.canaryInterval().isZero() ? " (disabled)" : "") + ", verdicts to jobs.verifications");
        progress.accept("/health and /metrics on http://" + cfg.httpHost() + ":" + http.port());
        return new VerifierService(loop, canaries, http, catalogue, producer, verifier);
    }

    public int httpPort() {
        return http.port();
    }

    /** Whether {@code jobId} is one of this verifier's canaries (for tests and the demo's report). */
    public boolean isCanary(String jobId) {
        return verifier.isCanary(jobId);
    }

    @Override
    public void close() {
        canaries.close();
        loop.close();
        producer.close(Duration.ofSeconds(5));
        http.close();
        catalogue.close();
    }
}
