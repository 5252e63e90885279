package io.proofmesh.settler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proofmesh.contracts.RewardDistributorAbi;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.http.ServiceHttpServer;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.scoring.merkle.MerkleTree;
import io.proofmesh.settler.testing.RewardsFixture;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The rewards API over real topics and a real distributor on anvil, without the processor: epochs
 * settled by {@link RewardsFixture} as the settler settles them, claims sent on-chain with the
 * proofs the API hands out.
 */
@DevStackTest
class RewardsApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger TOKEN = BigInteger.TEN.pow(18);

    record Answer(int status, JsonNode body) { }

    @Test
    void proofIsRefusedUntilTheWindowEndsThenClaimsAndLiabilitiesAddUp(DevStack stack) throws Exception {
        try (RewardsFixture f = RewardsFixture.start(stack, 120)) {
            String a = f.newNode();
            String b = f.newNode();
            long e1 = f.firstEpoch();
            RewardsFixture.Settled s1 = f.publish(e1, Map.of(a, TOKEN.multiply(BigInteger.valueOf(100)), b, TOKEN.multiply(BigInteger.valueOf(50))));

            // Published, not posted: earned but pending; no proof yet.
            JsonNode before = awaitStatus(f.apiUrl() + "/v1/rewards/" + a, 200).body();
            assertThat(before.get("cumulativeEarned").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(100)).toString());
            assertThat(before.get("finalEpoch").isNull()).isTrue();
            assertThat(before.get("claimable").asText()).isEqualTo("0");
            assertThat(before.get("pending").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(100)).toString());
            assertThat(before.get("payoutAddress").asText()).isEqualTo(f.payoutOf(a));
            Answer early = get(f.apiUrl() + "/v1/rewards/" + a + "/proof");
            assertThat(early.status()).isEqualTo(409);
            assertThat(early.body().get("code").asText()).isEqualTo("NOT_YET_CLAIMABLE");

            // Posted: still in the challenge window.
            s1 = f.post(s1);
            f.confirm(s1);
            Answer inWindow = get(f.apiUrl() + "/v1/rewards/" + a + "/proof");
            assertThat(inWindow.status()).isEqualTo(409);
            assertThat(inWindow.body().get("code").asText()).isEqualTo("NOT_YET_CLAIMABLE");

            // Window over: a proof that verifies against the batch root and the contract accepts.
            f.advancePastWindow();
            JsonNode proof = awaitStatus(f.apiUrl() + "/v1/rewards/" + a + "/proof", 200).body();
            assertThat(proof.get("epoch").asLong()).isEqualTo(e1);
            assertThat(proof.get("root").asText()).isEqualTo(Numeric.toHexString(s1.batch().getMerkleRoot().bytes()));
            assertThat(proof.get("payout").asText()).isEqualTo(f.payoutOf(a));
            assertThat(proof.get("cumulativeAmount").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(100)).toString());
            assertThat(proof.get("distributor").asText()).isEqualTo(f.deployment().distributor());
            assertThat(proof.get("chainId").asLong()).isEqualTo(f.deployment().chainId());
            List<byte[]> siblings = new ArrayList<>();
            List<String> siblingHex = new ArrayList<>();
            proof.get("proof").forEach(p -> {
                siblings.add(Numeric.hexStringToByteArray(p.asText()));
                siblingHex.add(p.asText());
            });
            assertThat(MerkleTree.verify(s1.batch().getMerkleRoot().bytes(), s1.row(a).leaf().hash(), siblings)).isTrue();

            JsonNode claimableNow = get(f.apiUrl() + "/v1/rewards/" + a).body();
            assertThat(claimableNow.get("finalEpoch").asLong()).isEqualTo(e1);
            assertThat(claimableNow.get("claimable").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(100)).toString());
            assertThat(claimableNow.get("pending").asText()).isEqualTo("0");

            TransactionReceipt claim = f.client(RewardsFixture.CLAIMER_KEY).send("claim", proof.get("distributor").asText(),
                    RewardDistributorAbi.claim(proof.get("epoch").asLong(), a, proof.get("payout").asText(),
                            new BigInteger(proof.get("cumulativeAmount").asText()), proof.get("detailsDigest").asText(), siblingHex));
            assertThat(claim.isStatusOK()).isTrue();
            assertThat(f.balance(f.payoutOf(a))).isEqualTo(TOKEN.multiply(BigInteger.valueOf(100)));

            JsonNode afterClaim = get(f.apiUrl() + "/v1/rewards/" + a).body();
            assertThat(afterClaim.get("claimed").asText()).isEqualTo(afterClaim.get("cumulativeEarned").asText());
            assertThat(afterClaim.get("claimable").asText()).isEqualTo("0");

            // A second epoch in its window: earned grows, pending is the difference, history has both.
            long e2 = e1 + 1;
            RewardsFixture.Settled s2 = f.settle(e2, Map.of(a, TOKEN.multiply(BigInteger.valueOf(10)), b, TOKEN.multiply(BigInteger.valueOf(20))));
            f.confirm(s2);
            JsonNode two = await().atMost(Duration.ofSeconds(60)).until(() -> get(f.apiUrl() + "/v1/rewards/" + a).body(),
                    n -> n.get("latestEpoch").asLong() == e2);
            assertThat(two.get("cumulativeEarned").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(110)).toString());
            assertThat(two.get("finalCumulative").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(100)).toString());
            assertThat(two.get("pending").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(10)).toString());
            assertThat(two.get("claimable").asText()).isEqualTo("0");
            assertThat(two.get("history")).hasSize(2);
            assertThat(two.get("history").get(0).get("final").asBoolean()).isTrue();
            assertThat(two.get("history").get(1).get("final").asBoolean()).isFalse();
            assertThat(two.get("history").get(1).get("amount").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(10)).toString());
            assertThat(new BigInteger(two.get("history").get(1).get("availabilityAmount").asText())
                    .add(new BigInteger(two.get("history").get(1).get("workAmount").asText())))
                    .isEqualTo(TOKEN.multiply(BigInteger.valueOf(10)));

            // Liabilities: per epoch and totals, from the topics and the Claimed events.
            JsonNode l = await().atMost(Duration.ofSeconds(60)).until(() -> get(f.apiUrl() + "/v1/liabilities").body(),
                    n -> n.get("epochs").size() == 2 && "CONFIRMED".equals(n.get("epochs").get(1).get("status").asText()));
            JsonNode first = l.get("epochs").get(0);
            assertThat(first.get("epoch").asLong()).isEqualTo(e1);
            assertThat(first.get("emitted").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(150)).toString());
            assertThat(first.get("claimed").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(100)).toString());
            assertThat(first.get("unclaimed").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(50)).toString());
            assertThat(first.get("status").asText()).isEqualTo("CONFIRMED");
            assertThat(first.get("txHash").asText()).isEqualTo(s1.postReceipt().getTransactionHash());
            assertThat(first.get("gasUsed").asLong()).isEqualTo(s1.postReceipt().getGasUsed().longValueExact());
            assertThat(new BigInteger(first.get("gasCostWei").asText())).isEqualTo(s1.postReceipt().getGasUsed()
                    .multiply(Numeric.toBigInt(s1.postReceipt().getEffectiveGasPrice())));
            JsonNode second = l.get("epochs").get(1);
            assertThat(second.get("emitted").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(30)).toString());
            assertThat(second.get("claimed").asText()).isEqualTo("0");
            JsonNode totals = l.get("totals");
            assertThat(totals.get("allocated").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(180)).toString());
            assertThat(totals.get("claimed").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(100)).toString());
            assertThat(totals.get("outstanding").asText()).isEqualTo(TOKEN.multiply(BigInteger.valueOf(80)).toString());
            // The API's outstanding is what the distributor actually still holds for e1 and e2.
            assertThat(f.balance(f.deployment().distributor())).isEqualTo(new BigInteger(totals.get("outstanding").asText()));
        }
    }

    @Test
    void badAndUnknownNodesGetSpecificErrorsCountedInMetricsAndTheOpenApiDescribesTheRoutes(DevStack stack) throws Exception {
        try (RewardsFixture f = RewardsFixture.start(stack, 120)) {
            String a = f.newNode();
            f.confirm(f.settle(f.firstEpoch(), Map.of(a, TOKEN)));
            awaitStatus(f.apiUrl() + "/v1/rewards/" + a, 200);

            Answer malformed = get(f.apiUrl() + "/v1/rewards/0x1234");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.body().get("code").asText()).isEqualTo("BAD_NODE_ID");
            assertThat(get(f.apiUrl() + "/v1/rewards/not-an-address/proof").body().get("code").asText()).isEqualTo("BAD_NODE_ID");
            Answer unknown = get(f.apiUrl() + "/v1/rewards/0x" + "ab".repeat(20));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body().get("code").asText()).isEqualTo("UNKNOWN_NODE");
            assertThat(get(f.apiUrl() + "/v1/rewards/0x" + "ab".repeat(20) + "/proof").status()).isEqualTo(404);
            // Mixed case is the same node.
            assertThat(get(f.apiUrl() + "/v1/rewards/" + a.toUpperCase().replace("0X", "0x")).status()).isEqualTo(200);

            String metrics = f.meters().scrape();
            assertThat(metrics).contains("proofmesh_settler_api_errors_total{code=\"BAD_NODE_ID\"");
            assertThat(metrics).containsPattern("proofmesh_settler_api_requests_total\\{route=\"rewards-node\",service=\"settler-api-test\",status=\"404\"\\} 1.0");

            JsonNode openApi = get(f.apiUrl() + "/openapi.json").body();
            assertThat(openApi.get("openapi").asText()).startsWith("3.");
            assertThat(openApi.get("paths").has("/v1/rewards/{nodeId}")).isTrue();
            assertThat(openApi.get("paths").has("/v1/rewards/{nodeId}/proof")).isTrue();
            assertThat(openApi.get("paths").has("/v1/liabilities")).isTrue();

            // The same topics, a chain that is down: 503 CHAIN_UNAVAILABLE, not a hang or a 500.
            int deadPort;
            try (ServerSocket s = new ServerSocket(0)) {
                deadPort = s.getLocalPort();
            }
            KafkaClients kafka = new KafkaClients(Settings.of(Map.of(CommonSettings.KAFKA_BOOTSTRAP, stack.bootstrapServers())));
            PrometheusMeterRegistry meters = ServiceHttpServer.newMeterRegistry("settler-api-down");
            try (ServiceHttpServer down = ServiceHttpServer.start("settler-api-down", "127.0.0.1", 0, meters, routes ->
                    RewardsRoutes.register(routes, kafka, new SchemaRegistryClient(stack.registryUrl()),
                            "http://127.0.0.1:" + deadPort, f.deployment().distributor(), f.deployment().chainId(), meters))) {
                // LOADING (503 too) until its view has read the topics; then the chain is asked.
                Answer noChain = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                        .until(() -> get("http://127.0.0.1:" + down.port() + "/v1/rewards/" + a),
                                x -> !"LOADING".equals(x.body().path("code").asText()));
                assertThat(noChain.status()).isEqualTo(503);
                assertThat(noChain.body().get("code").asText()).isEqualTo("CHAIN_UNAVAILABLE");
                assertThat(meters.scrape()).contains("proofmesh_settler_api_errors_total{code=\"CHAIN_UNAVAILABLE\"");
            }
        }
    }

    @Test
    void entriesThatDoNotRebuildTheBatchRootGiveNoProofButProofMismatchCounted(DevStack stack) throws Exception {
        try (RewardsFixture f = RewardsFixture.start(stack, 120)) {
            String a = f.newNode();
            String b = f.newNode();
            RewardsFixture.Settled s = f.settle(f.firstEpoch(), Map.of(a, TOKEN, b, TOKEN.multiply(BigInteger.TWO)));
            f.confirm(s);
            BigInteger forged = TOKEN.multiply(BigInteger.valueOf(1000));
            f.tamperEntry(s, a, forged);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(f.apiUrl() + "/v1/rewards/" + a).body().path("cumulativeEarned").asText(), forged.toString()::equals);
            f.advancePastWindow();

            Answer proof = get(f.apiUrl() + "/v1/rewards/" + a + "/proof");
            assertThat(proof.status()).isEqualTo(500);
            assertThat(proof.body().get("code").asText()).isEqualTo("PROOF_MISMATCH");
            assertThat(proof.body().get("message").asText()).contains(Numeric.toHexString(s.batch().getMerkleRoot().bytes()));
            // The untouched node gets no proof either: the whole epoch's tree is wrong.
            assertThat(get(f.apiUrl() + "/v1/rewards/" + b + "/proof").status()).isEqualTo(500);
            assertThat(f.meters().scrape()).contains("proofmesh_settler_api_proof_mismatch_total{service=\"settler-api-test\"} 2.0");
        }
    }

    /** Polls until the route answers {@code status} (the view reads the topics in the background). */
    private static Answer awaitStatus(String url, int status) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> get(url), a -> a.status() == status);
    }

    private static Answer get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()));
    }
}
