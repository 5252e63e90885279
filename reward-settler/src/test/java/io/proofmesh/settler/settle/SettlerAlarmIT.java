package io.proofmesh.settler.settle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proofmesh.contracts.ContractClient;
import io.proofmesh.contracts.RewardDistributorAbi;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.settler.service.SettlerService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A different root already on-chain for an epoch (posted by someone holding the settler role —
 * a second settler, a leaked key) must stop the settler with an alarm, not be "fixed" by
 * posting over it: nothing is signed or broadcast for that epoch, /health is DOWN and the alarm
 * metric is 1.
 */
@Tag("integration")
@DevStackTest
class SettlerAlarmIT {

    private static final String FOREIGN_ROOT = "0x" + "ab".repeat(32);

    @Test
    void aDifferentRootOnChainStopsTheSettlerWithAnAlarm(DevStack stack) throws Exception {
        try (SettlementScenario scenario = new SettlementScenario(stack, 970_000, 2)) {
            long e0 = scenario.firstEpoch;
            String distributor = scenario.deployment.distributor();
            Web3j web3j = Web3j.build(new HttpService(stack.chainRpcUrl()));
            try {
                ContractClient settlerKey = ContractClient.connect(web3j, Credentials.create(SettlementScenario.SETTLER_KEY));
                settlerKey.send("postRoot", distributor, RewardDistributorAbi.postRoot(e0, FOREIGN_ROOT, scenario.emission,
                        "0x" + "cd".repeat(32)));
            } finally {
                web3j.shutdown();
            }

            try (SettlerService settler = SettlerService.start(Settings.of(scenario.settlerSettings(Map.of())),
                    msg -> System.out.println("[settler] " + msg))) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> settler.loop().alarm().isPresent());
                assertThat(settler.loop().alarm().get()).contains("ALARM", "epoch " + e0, FOREIGN_ROOT, "proofmesh audit");
                assertThat(settler.loop().alive()).isFalse();

                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + settler.httpPort() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("DOWN", "ALARM");
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + settler.httpPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).containsPattern("(?m)^proofmesh_settler_alarm(\\{[^}]*\\})? 1\\.0$");
            }
            // Nothing was signed or sent for the epoch, and the chain still holds the foreign root.
            List<SettlementReceipt> receipts = new SettlementReading(scenario.processorSettings, distributor).receipts();
            assertThat(receipts).filteredOn(r -> r.getEpoch() == e0).isEmpty();
            try (var chain = new io.proofmesh.settler.chain.ChainRpc(stack.chainRpcUrl(), Duration.ofSeconds(1), () -> false,
                    m -> { }, () -> { })) {
                assertThat(RewardDistributorAbi.decodeRoot(chain.ethCall(distributor, RewardDistributorAbi.roots(e0))).root())
                        .isEqualTo(FOREIGN_ROOT);
            }
        }
    }
}
