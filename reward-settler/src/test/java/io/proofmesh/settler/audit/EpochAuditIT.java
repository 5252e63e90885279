package io.proofmesh.settler.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.rewards.SettlementStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.settler.ledger.RewardTopicsReader;
import io.proofmesh.settler.service.SettlerService;
import io.proofmesh.settler.settle.SettlementScenario;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real processor scores and a real settler settles two epochs on anvil; the full audit then
 * recomputes both from the raw topics (scores, batch, every entry, the distributor's root and the
 * settlement tx) and finds them clean. A reward entry re-written afterwards under its own key with
 * a changed amount and cumulative amount makes that epoch's audit fail, naming the node and both
 * fields with the expected and the recorded values, while the other epoch stays clean.
 */
@Tag("integration")
@DevStackTest
class EpochAuditIT {

    @Test
    void settledEpochsAuditCleanAndATamperedEntryIsNamed(DevStack stack) throws Exception {
        try (SettlementScenario scenario = new SettlementScenario(stack, 950_000, 3);
             SettlerService settler = SettlerService.start(Settings.of(scenario.settlerSettings(Map.of())),
                     msg -> System.out.println("[settler] " + msg))) {
            Settings settings = Settings.of(scenario.settlerSettings(Map.of()));
            String distributor = scenario.deployment.distributor();
            RewardTopicsReader topics = new RewardTopicsReader(new KafkaClients(settings),
                    new SchemaRegistryClient(stack.registryUrl()), 31337, distributor, Duration.ofSeconds(30));
            long e0 = scenario.firstEpoch;
            long e1 = e0 + 1;
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(topics.receipts()).filteredOn(r -> r.getStatus() == SettlementStatus.CONFIRMED)
                            .extracting(SettlementReceipt::getEpoch).contains(e0, e1));

            try (EpochAudit audit = EpochAudit.connect(settings)) {
                for (long epoch : List.of(e0, e1)) {
                    AtomicLong read = new AtomicLong();
                    AtomicLong total = new AtomicLong();
                    EpochAuditReport report = audit.audit(epoch, "settle-a", (r, t, what) -> {
                        read.set(r);
                        total.set(t);
                    });
                    System.out.println("[audit-it] " + report.summary());
                    assertThat(report.clean()).as(report.summary()).isTrue();
                    assertThat(report.verdict()).startsWith("CLEAN: epoch " + epoch);
                    assertThat(total.get()).as("progress total").isPositive();
                    assertThat(read.get()).isEqualTo(total.get());
                    // Compared something real: every node of the scenario paid, the header rebuilt equal to the record.
                    assertThat(report.entries()).extracting(EntryVerdict::nodeId).containsAll(scenario.nodes);
                    assertThat(report.entries()).allSatisfy(e -> assertThat(e.status()).isEqualTo(EntryVerdict.Status.MATCH));
                    assertThat(report.rebuilt().getMerkleRoot()).isEqualTo(report.recorded().getMerkleRoot());
                    assertThat(new BigInteger(report.rebuilt().getTotalAmount())).isPositive();
                    assertThat(report.chainChecked()).contains("root posted").containsPattern("tx 0x[0-9a-f]{64} in block \\d+");
                    assertThat(report.csvRows()).hasSize(report.entries().size())
                            .allSatisfy(row -> assertThat(row).startsWith(epoch + ",").contains(",MATCH,"));
                }

                // Tamper: node 1's entry of e1 re-written under its own key, paying it one token more.
                String node = scenario.nodes.get(1);
                RewardBatch b1 = topics.batches().stream().filter(b -> b.getEpoch() == e1).findFirst().orElseThrow();
                RewardTopicsReader.StoredEntry original = topics.entryRecords(b1).stream()
                        .filter(s -> s.value() != null && s.value().getNodeId().equals(node)).findFirst().orElseThrow();
                RewardEntry honest = original.value();
                BigInteger more = BigInteger.TEN.pow(18);
                RewardEntry forged = RewardEntry.newBuilder(honest)
                        .setAmount(new BigInteger(honest.getAmount()).add(more).toString())
                        .setCumulativeAmount(new BigInteger(honest.getCumulativeAmount()).add(more).toString())
                        .build();
                try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                        new KafkaClients(settings).producerConfig("entry-forger"), new StringSerializer(),
                        new AvroSerializer<>(new SchemaRegistryClient(stack.registryUrl()), false))) {
                    producer.send(new ProducerRecord<>(TopicCatalog.REWARD_ENTRIES.name(), original.partition(),
                            original.key(), forged)).get();
                }
                assertThat(original.key()).isEqualTo(e1 + "/" + node);

                EpochAuditReport tampered = audit.audit(e1, "settle-a", AuditProgress.NONE);
                System.out.println("[audit-it] " + tampered.summary());
                assertThat(tampered.clean()).isFalse();
                assertThat(tampered.scores().clean()).as("the scores were not touched").isTrue();
                assertThat(tampered.chainProblems()).as("nor the chain").isEmpty();
                assertThat(tampered.batchDifferences()).as("nor the header").isEmpty();
                EntryVerdict v = tampered.entries().stream().filter(e -> e.nodeId().equals(node)).findFirst().orElseThrow();
                assertThat(v.status()).isEqualTo(EntryVerdict.Status.MISMATCH);
                assertThat(v.differences()).extracting(FieldDifference::field).containsExactly("amount", "cumulativeAmount");
                assertThat(v.differences().get(0).expected()).isEqualTo(honest.getAmount());
                assertThat(v.differences().get(0).recorded()).isEqualTo(forged.getAmount());
                assertThat(v.differences().get(1).expected()).isEqualTo(honest.getCumulativeAmount());
                assertThat(v.differences().get(1).recorded()).isEqualTo(forged.getCumulativeAmount());
                assertThat(v.notes()).anyMatch(n -> n.contains("2 records"));
                assertThat(tampered.entriesWithStatus(EntryVerdict.Status.MISMATCH)).extracting(EntryVerdict::nodeId)
                        .containsExactly(node);
                assertThat(tampered.summary()).startsWith("DIFFERENCES FOUND: epoch " + e1)
                        .contains("MISMATCH entry of node " + node)
                        .contains("amount: expected " + honest.getAmount() + ", recorded " + forged.getAmount());
                assertThat(tampered.csvRows()).filteredOn(r -> r.contains(node)).singleElement().satisfies(r ->
                        assertThat(r).contains(",MISMATCH,").contains(forged.getAmount()).contains(honest.getAmount()));

                assertThat(audit.audit(e0, "settle-a", AuditProgress.NONE).clean()).as("the other epoch").isTrue();
            }
        }
    }
}
