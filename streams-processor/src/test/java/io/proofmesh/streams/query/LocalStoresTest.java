package io.proofmesh.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoresTest {

    @Test
    void anInstanceNotYetStartedIsRebalancing() {
        assertThatThrownBy(() -> new LocalStores(() -> null).running())
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("REBALANCING");
                });
    }

    @Test
    void anInstanceNotRunningIsRebalancingAndNamesItsState(@TempDir Path dir) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream("in").to("out");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "local-stores-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        try (KafkaStreams streams = new KafkaStreams(b.build(), p)) {
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.CREATED);
            assertThatThrownBy(() -> new LocalStores(() -> streams).ownerOf("0x" + "a".repeat(40)))
                    .isInstanceOfSatisfying(ApiError.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.code()).isEqualTo("REBALANCING");
                        assertThat(e.getMessage()).contains("CREATED");
                    });
        }
    }
}
