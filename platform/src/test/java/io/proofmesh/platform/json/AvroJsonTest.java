package io.proofmesh.platform.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.TopicOffset;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    @Test
    void rendersFixedAsHexTimestampsAsIsoAndNestedRecordsAndArrays() {
        byte[] digest = new byte[32];
        digest[0] = (byte) 0xab;
        digest[31] = 0x01;
        EpochClosed m = EpochClosed.newBuilder().setEpoch(7).setPartition(3).setPartitionCount(12)
                .setClosedAt(Instant.ofEpochMilli(1_000)).setTickAppendTime(Instant.parse("2026-01-01T00:00:12.500Z"))
                .setEndOffsets(List.of(new TopicOffset("telemetry.heartbeats", 3, 42L)))
                .setScoreCount(5).setScoresDigest(new Bytes32(digest)).setProcessorId("a").build();
        ObjectNode j = AvroJson.of(m);
        assertThat(j.path("epoch").asLong()).isEqualTo(7);
        assertThat(j.path("scoresDigest").asText()).isEqualTo("0xab" + "00".repeat(30) + "01");
        assertThat(j.path("tickAppendTime").asText()).isEqualTo("2026-01-01T00:00:12.500Z");
        assertThat(j.path("endOffsets").get(0).path("topic").asText()).isEqualTo("telemetry.heartbeats");
        assertThat(j.path("endOffsets").get(0).path("offset").asLong()).isEqualTo(42);
        assertThat(j.path("processorId").asText()).isEqualTo("a");
    }

    @Test
    void rendersBytesAsHexAndAbsentUnionsAsNull() {
        var probe = io.proofmesh.schemas.telemetry.LatencyProbe.newBuilder()
                .setNodeId("0x" + "1".repeat(40)).setProberId("p").setNonce(java.nio.ByteBuffer.wrap(new byte[] {1, 2}))
                .setSentAt(Instant.ofEpochMilli(5_000)).setCompletedAt(Instant.ofEpochMilli(5_001)).setRttMicros(null)
                .setOutcome(io.proofmesh.schemas.telemetry.ProbeOutcome.TIMEOUT).setNodeSignature(null)
                .setProberAddress("0x" + "2".repeat(40)).setProberSignature(java.nio.ByteBuffer.allocate(65)).setEpoch(0)
                .build();
        ObjectNode j = AvroJson.of(probe);
        assertThat(j.path("nonce").asText()).isEqualTo("0x0102");
        assertThat(j.path("rttMicros").isNull()).isTrue();
        assertThat(j.path("outcome").asText()).isEqualTo("TIMEOUT");
        assertThat(probe.getNonce().remaining()).as("rendering leaves the buffer unread").isEqualTo(2);
    }
}
