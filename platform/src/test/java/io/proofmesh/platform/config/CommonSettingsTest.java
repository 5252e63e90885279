package io.proofmesh.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CommonSettingsTest {

    @Test
    void defaultsPointAtTheDevStack() {
        CommonSettings c = CommonSettings.from(Settings.builder().defaults(CommonSettings.DEFAULTS).build());
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.registryUrl()).isEqualTo("http://localhost:8081/apis/ccompat/v7");
        assertThat(c.chainRpcUrl()).isEqualTo("http://localhost:8545");
        assertThat(c.topics()).isEqualTo(TopicCatalog.all());
    }

    @Test
    void nodePartitionsResizeTheWholeCoPartitionedGroupAndNothingElse() {
        Map<String, TopicSpec> t = CommonSettings.from(Settings.of(Map.of(CommonSettings.NODE_PARTITIONS, "3"))).topics()
                .stream().collect(Collectors.toMap(TopicSpec::name, Function.identity()));
        assertThat(t.get("telemetry.heartbeats").partitions()).isEqualTo(3);
        assertThat(t.get("clock.ticks").partitions()).isEqualTo(3);
        assertThat(t.get("jobs.verifications").partitions()).isEqualTo(3);
        assertThat(t.get("rewards.batches").partitions()).isEqualTo(1);
        assertThat(t.get("epochs.closed").partitions()).isEqualTo(TopicCatalog.EPOCHS_CLOSED.partitions());
    }

    @Test
    void aNonPositivePartitionCountIsRefusedNamingTheSetting() {
        CommonSettings c = CommonSettings.from(Settings.of(Map.of(CommonSettings.NODE_PARTITIONS, "0")));
        assertThatThrownBy(c::topics).isInstanceOf(ConfigException.class).hasMessageContaining("topics.node-partitions");
    }
}
