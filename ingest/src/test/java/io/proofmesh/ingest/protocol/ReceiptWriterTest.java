package io.proofmesh.ingest.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.protocol.SigningDomain;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceiptWriterTest {

    private static final MessageSigner INGEST_KEY =
            MessageSigner.fromPrivateKeyHex("0x0000000000000000000000000000000000000000000000000000000000000003");
    private static final SigningDomain DOMAIN = new SigningDomain("proofmesh-devnet", 31337);
    private static final byte[] DIGEST = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            DIGEST[i] = (byte) i;
        }
    }

    private static Receipt receipt(String ingestId, List<Receipt.EventPosition> events) {
        return new Receipt(DOMAIN, ingestId, INGEST_KEY.address(), "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", 42,
                DIGEST, Instant.ofEpochMilli(1767225600000L), events);
    }

    @Test
    void encodesTheDocumentedLayout() {
        Receipt r = receipt("ingest-0", List.of(new Receipt.EventPosition(0, "telemetry.heartbeats", 3, 17),
                new Receipt.EventPosition(1, "jobs.results", 3, 9)));
        assertThat(new String(r.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":1,\"network\":\"proofmesh-devnet\","
                + "\"chainId\":31337,\"ingestId\":\"ingest-0\",\"ingestAddress\":\"" + INGEST_KEY.address() + "\","
                + "\"nodeId\":\"0x7e5f4552091a69125d5dfcb7b8c2659029395bdf\",\"seq\":42,\"bodyDigest\":"
                + "\"0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\",\"receivedAt\":1767225600000,"
                + "\"events\":[{\"eventIndex\":0,\"topic\":\"telemetry.heartbeats\",\"partition\":3,\"offset\":17},"
                + "{\"eventIndex\":1,\"topic\":\"jobs.results\",\"partition\":3,\"offset\":9}]}");
    }

    @Test
    void sameReceiptSameBytesSameSignature() {
        ReceiptWriter writer = new ReceiptWriter(INGEST_KEY);
        List<Receipt.EventPosition> events = List.of(new Receipt.EventPosition(0, "telemetry.capacity", 0, 0));
        SignedReceipt a = writer.sign(receipt("ingest-0", events));
        SignedReceipt b = writer.sign(receipt("ingest-0", new ArrayList<>(events)));
        assertThat(a.body()).isEqualTo(b.body());
        assertThat(a.signature()).isEqualTo(b.signature());
        assertThat(a.signatureHeader()).matches("0x[0-9a-f]{130}");
    }

    @Test
    void signatureRecoversToTheIngestKey() throws Exception {
        SignedReceipt s = new ReceiptWriter(INGEST_KEY).sign(receipt("ingest-0", List.of()));
        assertThat(SignerRecoveries.best().recoverPersonalSigner(s.body(), s.signature())).isEqualTo(INGEST_KEY.address());
        // The header a client receives parses under the same strict rules as a node's.
        assertThat(SignatureHeader.parse(s.signatureHeader())).isEqualTo(s.signature());
    }

    @Test
    void bodyIsPlainJsonEvenWithCharactersThatNeedEscaping() throws Exception {
        SignedReceipt s = new ReceiptWriter(INGEST_KEY).sign(receipt("ingest \"a\\b\"\n", List.of(
                new Receipt.EventPosition(0, "telemetry.heartbeats", 11, Long.MAX_VALUE))));
        JsonNode json = new ObjectMapper().readTree(s.body());
        assertThat(json.path("ingestId").asText()).isEqualTo("ingest \"a\\b\"\n");
        assertThat(json.path("events").get(0).path("offset").asLong()).isEqualTo(Long.MAX_VALUE);
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("v", "network", "chainId", "ingestId", "ingestAddress", "nodeId", "seq",
                "bodyDigest", "receivedAt", "events");
    }

    @Test
    void refusesToSignAReceiptNamingAnotherKey() {
        Receipt wrong = new Receipt(DOMAIN, "ingest-0", "0x0000000000000000000000000000000000000001", "0x"
                + "1".repeat(40), 1, DIGEST, Instant.EPOCH, List.of());
        assertThatThrownBy(() -> new ReceiptWriter(INGEST_KEY).sign(wrong)).isInstanceOf(IllegalArgumentException.class);
    }
}
