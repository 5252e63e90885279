package io.proofmesh.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.ingest.protocol.ProtocolLimits;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.ingest.protocol.TelemetryRequestParser;
import io.proofmesh.ingest.protocol.TelemetryVerifier;
import io.proofmesh.ingest.protocol.VerifiedRequest;
import io.proofmesh.platform.crypto.SignerRecoveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pre-signed load must be what ingest accepts: verifying bodies, increasing seqs per node. */
class PresignedRequestsTest {

    private static final long NOW = 1_767_225_600_000L;
    private final TelemetryVerifier verifier = new TelemetryVerifier(new SigningDomain("proofmesh-devnet", 31337),
            Duration.ofMinutes(5), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), SignerRecoveries.best(),
            new TelemetryRequestParser(new ProtocolLimits(ProtocolLimits.DEFAULT_MAX_BODY_BYTES)));

    @Test
    void everyBodyVerifiesAndSeqsIncreasePerNodeAcrossRounds() throws Exception {
        LoadFleet fleet = LoadFleet.generate(3);
        List<PresignedRequest> first = PresignedRequests.sign(fleet, "proofmesh-devnet", 31337, 10, 8, NOW);
        List<PresignedRequest> second = PresignedRequests.sign(fleet, "proofmesh-devnet", 31337, 1, 4, NOW);
        Map<Integer, Long> lastSeq = new HashMap<>();
        int i = 0;
        for (PresignedRequest r : concat(first, second)) {
            VerifiedRequest v = verifier.verify(r.body(), r.signatureHeader());
            assertThat(v.signer()).isEqualTo(fleet.node(r.node()).address()).isEqualTo(v.request().nodeId());
            assertThat(v.request().seq()).isEqualTo(r.seq());
            assertThat(v.request().events()).hasSize(r.events());
            assertThat(r.node()).as("round-robin over the fleet").isEqualTo(i < 8 ? i % 3 : (i - 8) % 3);
            Long previous = lastSeq.put(r.node(), r.seq());
            if (previous != null) {
                assertThat(r.seq()).as("seq of node %d", r.node()).isGreaterThan(previous);
            }
            i++;
        }
        assertThat(first).allMatch(r -> r.events() == 10);
        assertThat(lastSeq).hasSize(3);
    }

    @Test
    void refusesEventCountsTheProtocolForbids() {
        LoadFleet fleet = LoadFleet.generate(1);
        assertThatThrownBy(() -> PresignedRequests.sign(fleet, "n", 1, 0, 1, NOW)).hasMessageContaining("1..100");
        assertThatThrownBy(() -> PresignedRequests.sign(fleet, "n", 1, 101, 1, NOW)).hasMessageContaining("1..100");
    }

    private static List<PresignedRequest> concat(List<PresignedRequest> a, List<PresignedRequest> b) {
        java.util.ArrayList<PresignedRequest> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
