package io.proofmesh.app;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.devstack.DevStackConfig;
import io.proofmesh.platform.devstack.Ports;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.serde.WireFormat;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Run the pipeline end to end on a throw-away dev stack, then exit.",
            "",
            "Starts a real Kafka broker, schema registry and anvil on free ports (or the ones",
            "given), generates node keys, produces signed heartbeats in the Confluent Avro wire",
            "format, reads them back, verifies every signature and record, prints them, and",
            "Then it starts ingest on the stack and runs a small fleet of simulated nodes",
            "(honest, flaky, slow, replayer, forger, skewed) against it, printing what ingest",
            "accepted and refused by reason. Exits 0 only if every record came back intact and",
            "nothing forged, tampered or replayed was accepted.",
        },
        footer = {"", "Example:", "  proofmesh demo --nodes 5 --heartbeats 3"})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    DevStackOptions stackOptions;

    @Option(names = "--nodes", defaultValue = "3", description = "Simulated nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--heartbeats", defaultValue = "3", description = "Heartbeats per node (default: ${DEFAULT-VALUE}).")
    int heartbeats;

    @Option(names = "--fleet-nodes", defaultValue = "30",
            description = "Simulated nodes in the fleet step; 0 skips it (default: ${DEFAULT-VALUE}).")
    int fleetNodes;

    @Option(names = "--fleet-duration", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long the fleet sends (default: ${DEFAULT-VALUE}).")
    int fleetSeconds;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Map<String, String> demoDefaults = new LinkedHashMap<>();
        demoDefaults.put("devstack.data-dir", Path.of(".proofmesh", "demo").toAbsolutePath().toString());
        demoDefaults.put("devstack.wipe", "true");
        demoDefaults.put("devstack.kafka-port", Integer.toString(Ports.freePort()));
        demoDefaults.put("devstack.controller-port", Integer.toString(Ports.freePort()));
        demoDefaults.put("devstack.registry-port", Integer.toString(Ports.freePort()));
        demoDefaults.put("devstack.anvil-port", Integer.toString(Ports.freePort()));
        Settings settings = config.settings(demoDefaults).with(stackOptions.asSettings());
        DevStackConfig dc = DevStackConfig.from(settings);

        out.println("proofmesh demo: starting a throw-away dev stack in " + dc.dataDir());
        try (DevStack stack = DevStack.start(dc, msg -> out.println("  " + msg))) {
            out.print(stack.describe());
            StackSetup.bootstrap(stack, settings, out);
            Settings s = StackSetup.pointAt(settings, stack);
            boolean ok = runHeartbeats(s, out);
            if (fleetNodes > 0) {
                ok &= runFleet(s, out);
            }
            return ok ? 0 : 1;
        } finally {
            out.println("dev stack stopped.");
        }
    }

    /** Ingest on the stack (admin token and receipt key made up for this run), then a fleet of every profile against it. */
    private boolean runFleet(Settings s, PrintStream out) throws Exception {
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] token = new byte[24];
        byte[] receiptKey = new byte[32];
        random.nextBytes(token);
        random.nextBytes(receiptKey);
        receiptKey[0] = 0x01; // stays below the curve order
        String adminToken = java.util.HexFormat.of().formatHex(token);
        Settings ingestSettings = s.with(Map.of("http.host", "127.0.0.1", "http.port", "0", "ingest.id", "ingest-demo",
                "admin.token", adminToken, "ingest.receipt-key", java.util.HexFormat.of().formatHex(receiptKey)));
        out.println();
        out.println("4) starting ingest, then " + fleetNodes + " simulated nodes of every profile for " + fleetSeconds + " s");
        try (io.proofmesh.ingest.service.IngestService ingest = io.proofmesh.ingest.service.IngestService.start(ingestSettings,
                msg -> out.println("   [ingest] " + msg))) {
            io.proofmesh.simulator.fleet.FleetConfig cfg = io.proofmesh.simulator.fleet.FleetConfig
                    .of(fleetNodes, Duration.ofSeconds(fleetSeconds), "http://127.0.0.1:" + ingest.port(), adminToken)
                    .withSeed(random.nextLong()).withHeartbeatInterval(Duration.ofSeconds(2))
                    .withExpectedIngestAddress(java.util.Optional.of(ingest.receiptAddress()));
            return SimulateCommand.run(cfg, out).clean();
        }
    }

    private boolean runHeartbeats(Settings s, PrintStream out) throws Exception {
        KafkaClients kafka = new KafkaClients(s);
        SchemaRegistryClient registry = new SchemaRegistryClient(CommonSettings.from(s).registryUrl());
        String topic = TopicCatalog.HEARTBEATS.name();

        List<DemoNode> fleet = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            fleet.add(new DemoNode());
        }
        out.println();
        out.println("1) " + nodes + " node keys generated; producing " + heartbeats + " signed heartbeats each to " + topic);
        Map<String, Heartbeat> sent = new LinkedHashMap<>();
        Instant t0 = Instant.now();
        try (KafkaProducer<String, Heartbeat> producer = new KafkaProducer<>(kafka.producerConfig("proofmesh-demo"),
                new StringSerializer(), new AvroSerializer<>(registry, false))) {
            List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
            for (int seq = 1; seq <= heartbeats; seq++) {
                for (DemoNode n : fleet) {
                    Instant at = t0.plusSeconds(30L * seq);
                    Heartbeat hb = n.heartbeat(seq, at, Instant.now());
                    sent.put(n.nodeId() + "/" + seq, hb);
                    acks.add(producer.send(new ProducerRecord<>(topic, n.nodeId(), hb)));
                }
            }
            for (var f : acks) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        out.println("   " + sent.size() + " records acknowledged by the broker (acks=all, idempotent producer)");

        out.println("2) reading them back with the Avro deserializer (schema fetched from the registry by id)");
        Map<String, Object> cc = kafka.consumerConfig(null);
        List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
        AvroDeserializer<Heartbeat> decoder = AvroDeserializer.specific(registry, Heartbeat.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cc, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (raw.size() < sent.size() && System.nanoTime() < deadline) {
                RecordPolling.poll(consumer, Duration.ofMillis(500)).forEach(raw::add);
            }
        }

        out.printf("   %-44s %4s %-24s %4s %7s %9s %s%n", "NODE", "SEQ", "SENT AT", "PART", "OFFSET", "SCHEMA ID", "SIGNATURE");
        int intact = 0;
        for (ConsumerRecord<String, byte[]> r : raw) {
            Heartbeat hb = decoder.deserialize(r.topic(), r.value());
            boolean sigOk = DemoNode.signatureValid(hb);
            boolean same = hb.equals(sent.get(hb.getNodeId() + "/" + hb.getSeq())) && hb.getNodeId().equals(r.key());
            if (sigOk && same) {
                intact++;
            }
            out.printf("   %-44s %4d %-24s %4d %7d %9d %s%s%n", hb.getNodeId(), hb.getSeq(), hb.getSentAt(), r.partition(),
                    r.offset(), WireFormat.schemaId(r.topic(), r.value()), sigOk ? "valid" : "INVALID",
                    same ? "" : "  (differs from what was sent!)");
        }
        if (!raw.isEmpty()) {
            byte[] v = raw.get(0).value();
            out.printf("3) wire format of the first record: %02x | %02x %02x %02x %02x | %d bytes of Avro binary%n",
                    v[0], v[1], v[2], v[3], v[4], v.length - WireFormat.HEADER_SIZE);
        }
        boolean ok = intact == sent.size() && raw.size() == sent.size();
        out.println(ok
                ? "demo OK: " + intact + "/" + sent.size() + " heartbeats round-tripped intact with valid signatures."
                : "demo FAILED: " + intact + " intact of " + sent.size() + " sent (" + raw.size() + " read back).");
        return ok;
    }
}
