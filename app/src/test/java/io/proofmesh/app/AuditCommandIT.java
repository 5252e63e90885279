package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.devstack.DevStackConfig;
import org.junit.jupiter.api.Tag;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.settler.audit.EpochAuditReport;
import io.proofmesh.settler.ledger.RewardTopicsReader;
import io.proofmesh.settler.service.SettlerService;
import io.proofmesh.settler.settle.SettlementScenario;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proofmesh audit} against a real processor and settler on the DevStack: exit 0 and a CSV
 * row per node for a settled epoch; exit 1 naming the node and fields once one of its reward
 * entries is re-written with another amount; exit 2 for bad arguments.
 */
@Tag("integration")
class AuditCommandIT {

    @Test
    void cleanEpochExitsZeroTamperedEpochExitsOneNamingTheNode(@TempDir Path dir) throws Exception {
        // A stack of its own: the scenario publishes a policy and fills the topics, which the module's
        // shared stack must not hold for PolicyCommandIT and the others.
        try (DevStack stack = DevStack.start(DevStackConfig.forTests(dir.resolve("stack")), msg -> { });
             SettlementScenario scenario = new SettlementScenario(stack, 960_000, 3);
             SettlerService settler = SettlerService.start(Settings.of(scenario.settlerSettings(Map.of())),
                     msg -> System.out.println("[settler] " + msg))) {
            Map<String, String> settings = scenario.settlerSettings(Map.of());
            String distributor = scenario.deployment.distributor();
            RewardTopicsReader topics = new RewardTopicsReader(new KafkaClients(Settings.of(settings)),
                    new SchemaRegistryClient(stack.registryUrl()), 31337, distributor, Duration.ofSeconds(30));
            long e0 = scenario.firstEpoch;
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (topics.receipts().stream().noneMatch(r -> r.getEpoch() == e0 && r.getStatus() == SettlementStatus.CONFIRMED)) {
                assertThat(System.nanoTime()).as("epoch %d CONFIRMED within 150 s", e0).isLessThan(deadline);
                Thread.sleep(1_000);
            }

            // The deployment's settings as an operator would keep them in a file (the settler's key left out).
            Path config = dir.resolve("deployment.properties");
            StringBuilder props = new StringBuilder();
            settings.forEach((k, v) -> {
                if (!k.startsWith("settler.") && !k.startsWith("http.")) {
                    props.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n');
                }
            });
            Files.writeString(config, props);
            List<String> base = List.of("audit", "--config", config.toString(), "--distributor", distributor,
                    "--processor-id", "settle-a");
            Path csv = dir.resolve("audit.csv");
            CliOutput clean = CliOutput.run(args(base, "--epoch", Long.toString(e0), "--csv", csv.toString()));
            assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
            assertThat(clean.out()).contains("CLEAN: epoch " + e0).contains("are clean");
            assertThat(clean.err()).contains("epoch " + e0 + " [").contains("records");
            List<String> rows = Files.readAllLines(csv);
            assertThat(rows.get(0)).isEqualTo(EpochAuditReport.CSV_HEADER);
            for (String node : scenario.nodes) {
                assertThat(rows).filteredOn(r -> r.startsWith(e0 + "," + node + "," + scenario.payouts.get(node) + ","))
                        .singleElement().satisfies(r -> assertThat(r).contains(",MATCH"));
            }

            // One node's entry re-written under its key, paying it one token more.
            String node = scenario.nodes.get(2);
            RewardBatch b0 = topics.batches().stream().filter(b -> b.getEpoch() == e0).findFirst().orElseThrow();
            RewardTopicsReader.StoredEntry original = topics.entryRecords(b0).stream()
                    .filter(s -> s.value() != null && s.value().getNodeId().equals(node)).findFirst().orElseThrow();
            RewardEntry forged = RewardEntry.newBuilder(original.value())
                    .setAmount(new BigInteger(original.value().getAmount()).add(BigInteger.TEN.pow(18)).toString())
                    .setCumulativeAmount(new BigInteger(original.value().getCumulativeAmount()).add(BigInteger.TEN.pow(18)).toString())
                    .build();
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                    new KafkaClients(Settings.of(settings)).producerConfig("entry-forger"), new StringSerializer(),
                    new AvroSerializer<>(new SchemaRegistryClient(stack.registryUrl()), false))) {
                producer.send(new ProducerRecord<>(TopicCatalog.REWARD_ENTRIES.name(), original.partition(), original.key(),
                        forged)).get();
            }
            CliOutput tampered = CliOutput.run(args(base, "--epoch", Long.toString(e0), "--csv", csv.toString()));
            assertThat(tampered.exitCode()).as(tampered.out() + tampered.err()).isEqualTo(1);
            assertThat(tampered.out()).contains("DIFFERENCES FOUND: epoch " + e0)
                    .contains("MISMATCH entry of node " + node)
                    .contains("amount: expected " + original.value().getAmount() + ", recorded " + forged.getAmount())
                    .contains("cumulativeAmount: expected " + original.value().getCumulativeAmount())
                    .contains("see the lines above");
            assertThat(Files.readAllLines(csv)).filteredOn(r -> r.contains("," + node + ",")).singleElement()
                    .satisfies(r -> assertThat(r).contains(",MISMATCH,").contains(forged.getAmount()));

            CliOutput usage = CliOutput.run("audit", "--epoch", "3", "--from", "1", "--to", "2", "--distributor", distributor);
            assertThat(usage.exitCode()).isEqualTo(2);
            assertThat(usage.err()).contains("either --epoch N or --from A --to B");

            CliOutput help = CliOutput.run("audit", "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("RECOMPUTED scores").contains("Examples:").contains("--csv").contains("Exit status");
        }
    }

    private static String[] args(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
