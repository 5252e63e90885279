package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.devstack.DevStackConfig;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `topics --create` on an empty cluster, then the per-topic counts. A stack of its own, not the
 * module's shared one: other tests of this JVM have already created and filled the catalogue there.
 */
@Tag("integration")
class TopicsCommandIT {

    @Test
    void createsTheCatalogueAndCountsRecordsPerTopic(@TempDir Path dir) throws Exception {
        DevStackConfig t = DevStackConfig.forTests(dir);
        DevStackConfig noChain = new DevStackConfig(t.dataDir(), t.kafkaPort(), t.controllerPort(), t.registryPort(),
                t.anvilPort(), t.chainId(), t.wipe(), true, false, java.util.Optional.empty(), t.brokerOverrides(),
                t.registryJar(), t.anvilBinary(), t.startTimeout());
        try (DevStack stack = DevStack.start(noChain, msg -> { })) {
            CliOutput created = CliOutput.run("topics", "--bootstrap-servers", stack.bootstrapServers(),
                    "--registry-url", stack.registryUrl(), "--create");
            assertThat(created.exitCode()).as(created.err()).isZero();
            assertThat(created.out()).contains("16 created").contains("schemas: 16 value subjects registered")
                    .doesNotContain("missing");
            assertThat(new SchemaRegistryClient(stack.registryUrl()).subjects()).contains("telemetry.heartbeats-value");

            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    p.send(new ProducerRecord<>(TopicCatalog.JOB_REQUESTS.name(), "job-" + i, "x")).get();
                }
            }
            CliOutput listed = CliOutput.run("topics", "--bootstrap-servers", stack.bootstrapServers());
            assertThat(listed.exitCode()).isZero();
            assertThat(listed.out()).containsPattern("jobs\\.requests\\s+12\\s+5\\s+delete\\s+CreateTime\\s+ok");
            assertThat(listed.out()).containsPattern("telemetry\\.heartbeats\\s+12\\s+0\\s+delete\\s+LogAppendTime\\s+ok");
            assertThat(listed.out()).containsPattern("rewards\\.batches\\s+1\\s+0\\s+compact");
        }
    }
}
