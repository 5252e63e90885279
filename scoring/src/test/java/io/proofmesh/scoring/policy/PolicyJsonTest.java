package io.proofmesh.scoring.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyJsonTest {

    private static final String DEFAULT_JSON = PolicyJson.write(PolicyJson.defaultPolicy());

    @Test
    void theDefaultPolicyLoadsWithTheDocumentedValues() {
        ScoringPolicy p = PolicyJson.defaultPolicy();
        assertThat(p.policyVersion()).isEqualTo("2026.1-default");
        assertThat(p.effectiveFromEpoch()).isZero();
        assertThat(p.heartbeatIntervalSeconds()).isEqualTo(30);
        assertThat(p.latencyTiers()).containsExactly(new LatencyTier(50_000, 1_000_000), new LatencyTier(100_000, 800_000),
                new LatencyTier(250_000, 500_000), new LatencyTier(1_000_000, 200_000));
        assertThat(p.minUptimePpm()).isEqualTo(500_000);
        assertThat(p.availabilityWeightPpm()).isEqualTo(600_000);
        assertThat(p.workWeightPpm()).isEqualTo(400_000);
        assertThat(p.reputationPriorAlphaPpm()).isEqualTo(1_000_000);
        assertThat(p.reputationPriorBetaPpm()).isEqualTo(1_000_000);
        assertThat(p.reputationDecayPpm()).isEqualTo(950_000);
        assertThat(p.emissionPerEpoch()).isEqualTo(new BigInteger("1000").multiply(BigInteger.TEN.pow(18)));
        assertThat(p.publishedAtMillis()).isZero();
    }

    @Test
    void theShippedFileIsInTheFormWriteProduces() throws IOException {
        try (InputStream in = PolicyJson.class.getResourceAsStream(PolicyJson.DEFAULT_RESOURCE)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(DEFAULT_JSON);
        }
    }

    @Test
    void writeThenReadIsTheSamePolicy(@TempDir Path dir) throws IOException {
        ScoringPolicy p = PolicyFixtures.policy("2026.9", 42, 1_767_225_600_000L);
        Path f = dir.resolve("p.json");
        Files.writeString(f, PolicyJson.write(p));
        assertThat(PolicyJson.read(f)).isEqualTo(p);
        assertThat(PolicyJson.withPublishedAt(p, 7).publishedAtMillis()).isEqualTo(7);
    }

    @Test
    void fieldOrderAndWhitespaceAreFree() {
        String reordered = "{\"publishedAt\":0,\"emissionPerEpoch\":\"1000000000000000000000\",\"reputationDecayPpm\":950000,"
                + "\"reputationPriorBetaPpm\":1000000,\"reputationPriorAlphaPpm\":1000000,\"workWeightPpm\":400000,"
                + "\"availabilityWeightPpm\":600000,\"minUptimePpm\":500000,\"latencyTiers\":[{\"ppm\":1000000,\"maxMicros\":50000},"
                + "{\"ppm\":800000,\"maxMicros\":100000},{\"maxMicros\":250000,\"ppm\":500000},{\"maxMicros\":1000000,\"ppm\":200000}],"
                + "\"heartbeatIntervalSeconds\":30,\"effectiveFromEpoch\":0,\"policyVersion\":\"2026.1-default\"}";
        assertThat(PolicyJson.parse(reordered)).isEqualTo(PolicyJson.defaultPolicy());
    }

    @Test
    void unknownMissingDuplicateAndMistypedFieldsAreNamed() {
        assertRefused(DEFAULT_JSON.replace("\"minUptimePpm\"", "\"minUptime\""), "minUptime is not a policy field");
        assertRefused(DEFAULT_JSON.replace("\"ppm\" : 800000", "\"ppm\" : 800000, \"weight\" : 1"),
                "latencyTiers[1].weight is not a policy field");
        assertRefused(DEFAULT_JSON.replace("\"workWeightPpm\" : 400000,", ""), "workWeightPpm is missing");
        assertRefused(DEFAULT_JSON.replace("\"workWeightPpm\" : 400000,", "\"workWeightPpm\" : null,"), "workWeightPpm is missing");
        assertRefused(DEFAULT_JSON.replace("\"maxMicros\" : 100000,", ""), "latencyTiers[1].maxMicros is missing");
        assertRefused(DEFAULT_JSON.replace("\"emissionPerEpoch\" : \"1000000000000000000000\"",
                "\"emissionPerEpoch\" : 1000000000000000000000"), "emissionPerEpoch must be a string");
        assertRefused(DEFAULT_JSON.replace("\"emissionPerEpoch\" : \"1000000000000000000000\"",
                "\"emissionPerEpoch\" : \"1e21\""), "emissionPerEpoch must be a base-10 integer");
        assertRefused(DEFAULT_JSON.replace("\"minUptimePpm\" : 500000", "\"minUptimePpm\" : 500000.5"), "minUptimePpm must be an integer");
        assertRefused(DEFAULT_JSON.replace("\"minUptimePpm\" : 500000", "\"minUptimePpm\" : \"500000\""), "minUptimePpm must be an integer");
        assertRefused(DEFAULT_JSON.replace("\"effectiveFromEpoch\" : 0", "\"effectiveFromEpoch\" : 1.0"), "effectiveFromEpoch must be an integer");
        assertRefused(DEFAULT_JSON.replace("\"heartbeatIntervalSeconds\" : 30", "\"heartbeatIntervalSeconds\" : 3000000000"),
                "heartbeatIntervalSeconds must be an integer");
        assertRefused(DEFAULT_JSON.replace("\"ppm\" : 800000", "\"ppm\" : 1800000"), "latencyTiers[1]: latency tier ppm");
        assertRefused(DEFAULT_JSON.replace("\"policyVersion\" : \"2026.1-default\"", "\"policyVersion\" : 2026"),
                "policyVersion must be a string");
        assertRefused(DEFAULT_JSON.replace("\"reputationPriorBetaPpm\" : 1000000", "\"reputationPriorBetaPpm\" : 0"),
                "reputationPriorBetaPpm must be positive");
        assertRefused(DEFAULT_JSON.replace("\"publishedAt\" : 0", "\"publishedAt\" : -1"), "publishedAt must be >= 0");
        assertRefused(DEFAULT_JSON.replace("\"minUptimePpm\" : 500000,", "\"minUptimePpm\" : 500000, \"minUptimePpm\" : 1,"),
                "not valid JSON: Duplicate field 'minUptimePpm'");
        assertRefused(DEFAULT_JSON + "{}", "not valid JSON");
        assertRefused("[]", "a policy file is one JSON object");
    }

    private static void assertRefused(String json, String messageStart) {
        assertThatThrownBy(() -> PolicyJson.parse(json)).as(messageStart)
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(messageStart);
    }
}
