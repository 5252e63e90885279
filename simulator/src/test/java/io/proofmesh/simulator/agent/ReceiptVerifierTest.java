package io.proofmesh.simulator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.crypto.SignerRecoveries;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Receipt checks against the frozen vector {@code receipt-of-three-events} (PROTOCOL.md §6/§8), values copied here. */
class ReceiptVerifierTest {

    static final String REQUEST = "{\"v\":1,\"network\":\"proofmesh-devnet\",\"chainId\":31337,\"nodeId\":\"0x7e5f4552091a69125d5dfcb7b8c2659029395bdf\",\"seq\":1,\"sentAt\":1767225598766,\"events\":[{\"kind\":\"heartbeat\",\"uptimeSeconds\":86400,\"cpuLoadPpm\":250000,\"gpuLoadPpm\":730000,\"activeJobs\":2,\"agentVersion\":\"proofmesh-agent/0.1.0\"},{\"kind\":\"capacity\",\"capacity\":{\"gpuModel\":\"NVIDIA L4\",\"gpuCount\":1,\"gpuMemoryMb\":23034,\"cpuCores\":8,\"memoryMb\":32768,\"maxConcurrentJobs\":4},\"availableSlots\":2},{\"kind\":\"jobResult\",\"jobId\":\"job-000042\",\"modelId\":\"mnist-8\",\"status\":\"OK\",\"outputs\":[{\"name\":\"scores\",\"dtype\":\"FLOAT32\",\"shape\":[1,2],\"data\":\"AACAPwAAAEA=\"}],\"outputsTruncated\":false,\"outputDigest\":\"0xe2954ae681ebc25cece271959cda68ada8a088aa9748b060fbb09bed8eeaf367\",\"queueMs\":12,\"computeMs\":85,\"executionProvider\":\"CPUExecutionProvider\",\"completedAt\":1767225598726}]}";
    static final String RECEIPT = "{\"v\":1,\"network\":\"proofmesh-devnet\",\"chainId\":31337,\"ingestId\":\"ingest-0\",\"ingestAddress\":\"0x6813eb9362372eef6200f3b1dbc3f819671cba69\",\"nodeId\":\"0x7e5f4552091a69125d5dfcb7b8c2659029395bdf\",\"seq\":1,\"bodyDigest\":\"0xa9e7c3be2831a3933b1b68dccdb53fb9660e741c3c09c613a23d1ea933e3850a\",\"receivedAt\":1767225600000,\"events\":[{\"eventIndex\":0,\"topic\":\"telemetry.heartbeats\",\"partition\":5,\"offset\":1041},{\"eventIndex\":1,\"topic\":\"telemetry.capacity\",\"partition\":5,\"offset\":87},{\"eventIndex\":2,\"topic\":\"jobs.results\",\"partition\":5,\"offset\":311}]}";
    static final String SIGNATURE = "0x1ce2a9aa867cf3dfb1b713b72d471ce47bbad91742408dc56a0aabe43b70b04d48763c31d9a66b6120224fd589f91a44b0969e989f157f1fb5603644062cd7eb1b";
    static final String INGEST = "0x6813eb9362372eef6200f3b1dbc3f819671cba69";

    private static SignedRequest request(String body) {
        return new SignedRequest("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", 1, body.getBytes(StandardCharsets.UTF_8),
                "0x00", 3);
    }

    @Test
    void theFrozenReceiptVerifiesAndNamesEveryEventsPosition() throws Exception {
        Receipt r = new ReceiptVerifier(SignerRecoveries.best(), Optional.of(INGEST))
                .verify(request(REQUEST), RECEIPT.getBytes(StandardCharsets.UTF_8), SIGNATURE);
        assertThat(r.ingestAddress()).isEqualTo(INGEST);
        assertThat(r.events()).containsExactly(
                new Receipt.EventPosition(0, "telemetry.heartbeats", 5, 1041),
                new Receipt.EventPosition(1, "telemetry.capacity", 5, 87),
                new Receipt.EventPosition(2, "jobs.results", 5, 311));
    }

    @Test
    void aReceiptForOtherBytesThanWereSentIsRefused() {
        String other = REQUEST.replace("\"cpuLoadPpm\":250000", "\"cpuLoadPpm\":250001");
        assertThatThrownBy(() -> new ReceiptVerifier(SignerRecoveries.best(), Optional.empty())
                .verify(request(other), RECEIPT.getBytes(StandardCharsets.UTF_8), SIGNATURE))
                .isInstanceOf(InvalidReceiptException.class).hasMessageContaining("bodyDigest");
    }

    @Test
    void aReceiptSignedByAnotherIngestThanThePinnedOneIsRefused() {
        assertThatThrownBy(() -> new ReceiptVerifier(SignerRecoveries.best(), Optional.of("0x" + "ab".repeat(20)))
                .verify(request(REQUEST), RECEIPT.getBytes(StandardCharsets.UTF_8), SIGNATURE))
                .isInstanceOf(InvalidReceiptException.class).hasMessageContaining("expected ingest");
    }

    @Test
    void aChangedReceiptNoLongerRecoversToItsIngestAddress() {
        String changed = RECEIPT.replace("\"offset\":1041", "\"offset\":1042");
        assertThatThrownBy(() -> new ReceiptVerifier(SignerRecoveries.best(), Optional.empty())
                .verify(request(REQUEST), changed.getBytes(StandardCharsets.UTF_8), SIGNATURE))
                .isInstanceOf(InvalidReceiptException.class).hasMessageContaining("not by its ingestAddress");
    }

    @Test
    void aMissingSignatureHeaderIsRefused() {
        assertThatThrownBy(() -> new ReceiptVerifier(SignerRecoveries.best(), Optional.empty())
                .verify(request(REQUEST), RECEIPT.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(InvalidReceiptException.class);
    }
}
