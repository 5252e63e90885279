package io.proofmesh.scoring.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.scoring.epoch.EpochSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The frozen vectors of PROTOCOL.md §11.6 (computed with cast) against the Java implementation. */
class PolicyVectorsTest {

    private static final JsonNode DOC = load();

    static Stream<JsonNode> vectors() {
        Stream.Builder<JsonNode> b = Stream.builder();
        DOC.get("vectors").forEach(b);
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void hashDigestAndSignatureMatchTheVector(JsonNode v) throws Exception {
        ScoringPolicy p = PolicyJson.parse(v.get("policy").toString());
        assertThat(hex(PolicyHash.contentEncoding(p))).isEqualTo(v.get("contentEncoding").asText());
        byte[] hash = PolicyHash.of(p);
        assertThat(PolicyHash.hex(hash)).isEqualTo(v.get("hash").asText());
        byte[] digest = PolicyHash.signingDigest(hash, v.get("network").asText(), v.get("chainId").asLong());
        assertThat(hex(digest)).isEqualTo(v.get("signingDigest").asText());
        // RFC 6979 signatures are deterministic: web3j signs to exactly what cast signed
        assertThat(hex(PolicyFixtures.sign(digest, PolicyFixtures.DEV_GOVERNANCE))).isEqualTo(v.get("signature").asText());

        byte[] sig = HexFormat.of().parseHex(v.get("signature").asText().substring(2));
        var record = PolicyCodec.toAvro(p, DOC.get("governanceAddress").asText(), sig);
        VerifiedPolicy verified = new PolicyVerifier(v.get("network").asText(), v.get("chainId").asLong(),
                DOC.get("governanceAddress").asText(), EpochSchedule.defaults()).verify(record);
        assertThat(verified.hex()).isEqualTo(v.get("hash").asText());
        assertThat(verified.policy()).isEqualTo(p);
    }

    @Test
    void theFirstVectorIsTheShippedDefaultPolicy() {
        JsonNode first = DOC.get("vectors").get(0);
        assertThat(PolicyJson.parse(first.get("policy").toString())).isEqualTo(PolicyJson.defaultPolicy());
    }

    @Test
    void theDevGovernanceKeyIsAnvilsAccountNine() {
        assertThat(PolicyFixtures.address(PolicyFixtures.DEV_GOVERNANCE)).isEqualTo(PolicyFixtures.DEV_GOVERNANCE_ADDRESS)
                .isEqualTo(DOC.get("governanceAddress").asText());
    }

    private static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    private static JsonNode load() {
        try (InputStream in = PolicyVectorsTest.class.getResourceAsStream("/policy-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
