package io.proofmesh.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

@DevStackTest
class TopicBootstrapIT {

    private static Admin admin(DevStack stack) {
        return new KafkaClients(Settings.of(Map.of(CommonSettings.KAFKA_BOOTSTRAP, stack.bootstrapServers()))).admin();
    }

    @Test
    void createsTheWholeCatalogueWithItsConfigsAndIsIdempotent(DevStack stack) throws Exception {
        try (Admin admin = admin(stack)) {
            TopicBootstrap bootstrap = new TopicBootstrap(admin, Duration.ofSeconds(30));
            bootstrap.ensure(TopicCatalog.all());
            BootstrapReport again = bootstrap.ensure(TopicCatalog.all());
            assertThat(again.created()).isEmpty();
            assertThat(again.existing()).hasSize(TopicCatalog.all().size());
            assertThat(again.drifts()).isEmpty();

            ConfigResource hb = new ConfigResource(ConfigResource.Type.TOPIC, TopicCatalog.HEARTBEATS.name());
            Config c = admin.describeConfigs(List.of(hb)).all().get(10, TimeUnit.SECONDS).get(hb);
            assertThat(c.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
            assertThat(c.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(c.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(90).toMillis()));
            ConfigResource batches = new ConfigResource(ConfigResource.Type.TOPIC, TopicCatalog.REWARD_BATCHES.name());
            Config b = admin.describeConfigs(List.of(batches)).all().get(10, TimeUnit.SECONDS).get(batches);
            assertThat(b.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(b.get("retention.ms").value()).isEqualTo("-1");
            assertThat(admin.describeTopics(List.of(TopicCatalog.CLOCK_TICKS.name())).allTopicNames().get()
                    .get(TopicCatalog.CLOCK_TICKS.name()).partitions()).hasSize(TopicCatalog.HEARTBEATS.partitions());
        }
    }

    @Test
    void reportsAnExistingTopicThatDiffersInsteadOfChangingIt(DevStack stack) throws Exception {
        String name = "drift-" + UUID.randomUUID();
        TopicSpec spec = new TopicSpec(name, "nodeId", TopicCatalog.HEARTBEATS.valueClass(), TopicCatalog.HEARTBEATS.valueSchema(),
                4, TopicCatalog.HEARTBEATS.cleanupPolicy(), TopicCatalog.HEARTBEATS.retention(),
                TopicCatalog.HEARTBEATS.timestampType(), null, "drift test");
        try (Admin admin = admin(stack)) {
            // Someone created it by hand: 2 partitions, compacted, CreateTime.
            admin.createTopics(List.of(new NewTopic(name, 2, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact", "message.timestamp.type", "CreateTime")))).all().get();
            BootstrapReport r = new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(List.of(spec));
            assertThat(r.created()).isEmpty();
            assertThat(r.drifts()).extracting(TopicDrift::property)
                    .containsExactlyInAnyOrder("partitions", "cleanup.policy", "message.timestamp.type");
            assertThat(r.describe()).contains(name + ": partitions is 2, the catalogue says 4");
            assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions()).hasSize(2);
        }
    }

    @Test
    void schemaBootstrapRegistersEveryValueSubjectAsFullTransitive(DevStack stack) {
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        Map<String, Integer> ids = new SchemaBootstrap(registry).ensure(TopicCatalog.all());
        assertThat(ids).hasSize(TopicCatalog.all().size());
        assertThat(registry.subjects()).contains("telemetry.heartbeats-value", "rewards.batches-value");
        assertThat(registry.getById(ids.get("telemetry.heartbeats-value")))
                .isEqualTo(TopicCatalog.HEARTBEATS.valueSchema());
    }
}
