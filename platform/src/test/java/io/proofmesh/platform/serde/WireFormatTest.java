package io.proofmesh.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerIsMagicZeroThenBigEndianId() {
        byte[] b = new byte[7];
        WireFormat.writeHeader(b, 0x01020304);
        assertThat(b).startsWith(0, 1, 2, 3, 4);
        assertThat(WireFormat.schemaId("t", b)).isEqualTo(0x01020304);
    }

    @Test
    void wrongMagicOrShortPayloadNamesTheTopic() {
        assertThatThrownBy(() -> WireFormat.schemaId("telemetry.heartbeats", new byte[] {1, 0, 0, 0, 1, 9}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("telemetry.heartbeats").hasMessageContaining("0x01");
        assertThatThrownBy(() -> WireFormat.schemaId("telemetry.heartbeats", new byte[] {0, 0}))
                .hasMessageContaining("too short");
    }
}
