package io.proofmesh.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proofmesh.inference.jobs.JobRequestException;
import io.proofmesh.inference.jobs.JobRequestParser;
import io.proofmesh.inference.jobs.JobResultsView;
import io.proofmesh.inference.jobs.JobRoutes;
import io.proofmesh.inference.jobs.JobSubmitter;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code proofmesh jobs}: submit inference jobs to the network and wait for their results. */
@Command(name = "jobs",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Submit inference jobs to jobs.requests, where the sidecars of GPU nodes pick them up,",
            "and wait for the signed result ingest accepts into jobs.results.",
            "(The same as POST /v1/jobs on a sidecar's port 8084, without one running.)",
        },
        footer = {"", "Examples:",
            "  proofmesh jobs submit --model mlp-16x32x4 --input x=FLOAT32:1x16:random --wait 30s",
            "  proofmesh jobs submit --model ppocr-cls --input x=FLOAT32:1x3x48x192:@image.f32 --deadline 10s",
            "  proofmesh jobs submit --body job.json          # the POST /v1/jobs body"},
        subcommands = {JobsCommand.Submit.class, CommandLine.HelpCommand.class})
final class JobsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "submit",
            mixinStandardHelpOptions = true,
            usageHelpAutoWidth = true,
            description = {
                "Submit one job; print its jobId; with --wait, print its result when one arrives.",
                "",
                "--input NAME=DTYPE:SHAPE:DATA, once per model input:",
                "  DTYPE  FLOAT32 | FLOAT64 | INT32 | INT64 | UINT8 | BOOL",
                "  SHAPE  dimensions joined by x, e.g. 1x16 (empty for a scalar)",
                "  DATA   @FILE (raw little-endian row-major bytes), random (seeded by --seed) or zeros",
                "Exit status: 0 submitted (and, with --wait, a result arrived), 1 no result in time, 2 refused.",
            },
            footer = {"", "Example:", "  proofmesh jobs submit --model mlp-16x32x4 --input x=FLOAT32:4x16:random --wait 30s"})
    static final class Submit implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--model", paramLabel = "ID", description = "Model id from the sidecars' catalogue.")
        String model;

        @Option(names = "--input", paramLabel = "NAME=DTYPE:SHAPE:DATA", description = "A model input (repeatable).")
        List<String> inputs = new ArrayList<>();

        @Option(names = "--body", paramLabel = "FILE", description = "A whole POST /v1/jobs body instead of --model/--input.")
        Path body;

        @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "60s",
                description = "How long the job may take from now (default ${DEFAULT-VALUE}).")
        String deadline;

        @Option(names = "--requester", defaultValue = "cli", description = "Who asks (default ${DEFAULT-VALUE}).")
        String requester;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of random inputs (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--wait", paramLabel = "DURATION", description = "Wait this long for the result, e.g. 30s.")
        String waitFor;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            Settings s = config.settings(Map.of(), connection);
            byte[] json;
            try {
                json = body != null ? Files.readAllBytes(body) : bodyFromFlags(s).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                System.err.println("refused: " + e.getMessage());
                return 2;
            }
            InferenceJob job;
            try {
                job = JobRequestParser.parse(json, Instant.now());
            } catch (JobRequestException e) {
                System.err.printf("refused: %s at %s: %s%n", e.code(), e.field().isEmpty() ? "the body" : e.field(), e.getMessage());
                return 2;
            }
            CommonSettings common = CommonSettings.from(s);
            KafkaClients kafka = new KafkaClients(s);
            kafka.awaitBroker(common.connectTimeout());
            SchemaRegistryClient registry = new SchemaRegistryClient(common.registryUrl());
            Duration wait = waitFor == null ? Duration.ZERO : s.with(Map.of("jobs.wait", waitFor)).getDuration("jobs.wait", Duration.ZERO);
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(kafka.producerConfig("jobs-cli"),
                         new StringSerializer(), new AvroSerializer<>(registry, false));
                 JobResultsView view = new JobResultsView(() -> new KafkaConsumer<>(kafka.consumerConfig(null),
                         new StringDeserializer(), AvroDeserializer.specific(registry, JobResult.class)),
                         TopicCatalog.JOB_RESULTS.name(), Duration.ofMinutes(1), 10_000)) {
                if (!wait.isZero()) {
                    view.start();
                }
                JobSubmitter.Submitted sub = new JobSubmitter(producer).submit(job);
                out.printf("submitted %s (model %s, deadline %s) to %s partition %d offset %d%n", sub.jobId(),
                        job.getModelId(), job.getDeadline(), TopicCatalog.JOB_REQUESTS.name(), sub.partition(), sub.offset());
                if (wait.isZero()) {
                    return 0;
                }
                long end = System.nanoTime() + wait.toNanos();
                while (System.nanoTime() < end) {
                    Optional<JobResult> r = view.result(sub.jobId());
                    if (r.isPresent()) {
                        out.println(JobRoutes.render(r.get()).toPrettyString());
                        return 0;
                    }
                    Thread.sleep(100);
                }
                System.err.printf("no result for %s within %s: is a sidecar running for model %s (proofmesh sidecar)?%n",
                        sub.jobId(), wait, job.getModelId());
                return 1;
            }
        }

        private String bodyFromFlags(Settings s) throws IOException {
            if (model == null || inputs.isEmpty()) {
                throw new IllegalArgumentException("give --model and at least one --input, or --body FILE");
            }
            long deadlineMs = s.with(Map.of("jobs.deadline", deadline)).getDuration("jobs.deadline", Duration.ofSeconds(60)).toMillis();
            JsonNodeFactory f = JsonNodeFactory.instance;
            ObjectNode root = f.objectNode();
            root.put("modelId", model);
            root.put("deadlineMs", deadlineMs);
            root.put("requester", requester);
            ArrayNode arr = root.putArray("inputs");
            Random random = new Random(seed);
            for (String spec : inputs) {
                arr.add(tensor(spec, random, f));
            }
            return root.toString();
        }

        private static ObjectNode tensor(String spec, Random random, JsonNodeFactory f) throws IOException {
            int eq = spec.indexOf('=');
            String[] parts = eq < 0 ? new String[0] : spec.substring(eq + 1).split(":", 3);
            if (eq <= 0 || parts.length != 3) {
                throw new IllegalArgumentException("--input '" + spec + "' is not NAME=DTYPE:SHAPE:DATA");
            }
            String dtype = parts[0].toUpperCase();
            List<Long> shape = new ArrayList<>();
            long elements = 1;
            if (!parts[1].isEmpty()) {
                for (String d : parts[1].split("x")) {
                    long v;
                    try {
                        v = Long.parseLong(d);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--input '" + spec + "': shape '" + parts[1] + "' is not like 1x16");
                    }
                    shape.add(v);
                    elements = Math.multiplyExact(elements, v);
                }
            }
            int size = switch (dtype) {
                case "FLOAT32", "INT32" -> 4;
                case "FLOAT64", "INT64" -> 8;
                case "UINT8", "BOOL" -> 1;
                default -> throw new IllegalArgumentException("--input '" + spec + "': unknown dtype " + dtype);
            };
            byte[] data;
            if (parts[2].startsWith("@")) {
                data = Files.readAllBytes(Path.of(parts[2].substring(1)));
            } else if (parts[2].equals("zeros")) {
                data = new byte[Math.toIntExact(elements * size)];
            } else if (parts[2].equals("random")) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Math.toIntExact(elements * size))
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (long i = 0; i < elements; i++) {
                    switch (dtype) {
                        case "FLOAT32" -> b.putFloat(random.nextFloat() * 2 - 1);
                        case "FLOAT64" -> b.putDouble(random.nextDouble() * 2 - 1);
                        case "INT32" -> b.putInt(random.nextInt(256));
                        case "INT64" -> b.putLong(random.nextInt(256));
                        case "UINT8" -> b.put((byte) random.nextInt(256));
                        default -> b.put((byte) random.nextInt(2));
                    }
                }
                data = b.array();
            } else {
                throw new IllegalArgumentException("--input '" + spec + "': DATA must be @FILE, random or zeros");
            }
            ObjectNode t = f.objectNode();
            t.put("name", spec.substring(0, eq));
            t.put("dtype", dtype);
            ArrayNode sh = t.putArray("shape");
            shape.forEach(sh::add);
            t.put("data", Base64.getEncoder().encodeToString(data));
            return t;
        }
    }
}
