package io.proofmesh.settler.settle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proofmesh.contracts.RewardDistributorAbi;
import io.proofmesh.contracts.RewardTokenAbi;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.testing.ChildJvm;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.rewards.SettlementStatus;
import io.proofmesh.settler.chain.ChainRpc;
import io.proofmesh.settler.service.SettlerService;
import io.proofmesh.settler.service.SettlerSettings;
import java.math.BigInteger;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/**
 * The settler killed with SIGKILL at the two dangerous moments of DESIGN.md's idempotent
 * settlement — PENDING committed but not broadcast, and broadcast but not CONFIRMED — then
 * restarted: exactly one root per epoch, chain and topics agree, the very transaction recorded
 * PENDING is the one confirmed, and the minted total equals the allocated total.
 */
@Tag("integration")
@DevStackTest
class SettlerCrashIT {

    @Test
    void killedBeforeBroadcastAndBeforeConfirmationSettlesEachEpochExactlyOnce(DevStack stack) throws Exception {
        try (SettlementScenario scenario = new SettlementScenario(stack, 930_000, 3)) {
            String distributor = scenario.deployment.distributor();
            SettlementReading topics = new SettlementReading(scenario.processorSettings, distributor);
            String settlerId = "crash-settler-" + scenario.firstEpoch;
            Map<String, String> base = Map.of(SettlerSettings.ID, settlerId);

            // 1. PENDING (signed raw tx) committed, never broadcast: SIGKILL.
            long e0 = scenario.firstEpoch;
            killAt(scenario, base, "after-pending", "halting at after-pending");
            SettlementReceipt pending0 = onlyReceipt(topics, e0, SettlementStatus.PENDING);
            try (ChainRpc chain = chain(stack)) {
                assertThat(chain.knows(hex(pending0.getTxHash().bytes()))).as("never broadcast").isFalse();
            }

            // 2. Restart: it sends that very raw transaction, confirms e0, then is killed after broadcasting e0 + 1.
            killAt(scenario, base, "after-broadcast", "halting at after-broadcast");
            SettlementReceipt confirmed0 = onlyReceipt(topics, e0, SettlementStatus.CONFIRMED);
            assertThat(confirmed0.getTxHash()).isEqualTo(pending0.getTxHash());
            SettlementReceipt pending1 = onlyReceipt(topics, e0 + 1, SettlementStatus.PENDING);

            // 3. Restart without fault: e0 + 1 confirms with the broadcast transaction, later epochs go on.
            try (SettlerService settler = SettlerService.start(Settings.of(scenario.settlerSettings(base)),
                    msg -> System.out.println("[settler] " + msg))) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                        assertThat(topics.receipts()).filteredOn(r -> r.getStatus() == SettlementStatus.CONFIRMED)
                                .extracting(SettlementReceipt::getEpoch).contains(e0 + 1, e0 + 2));
                assertThat(settler.loop().alive()).isTrue();
            }
            assertThat(onlyReceipt(topics, e0 + 1, SettlementStatus.CONFIRMED).getTxHash()).isEqualTo(pending1.getTxHash());

            List<RewardBatch> batches = topics.batches();
            assertThat(batches).extracting(RewardBatch::getEpoch).doesNotHaveDuplicates();
            assertThat(topics.receipts()).filteredOn(r -> r.getStatus() == SettlementStatus.CONFIRMED)
                    .extracting(SettlementReceipt::getEpoch).doesNotHaveDuplicates();
            try (ChainRpc chain = chain(stack)) {
                BigInteger confirmedTotal = BigInteger.ZERO;
                for (RewardBatch b : batches) {
                    RewardDistributorAbi.EpochRoot root = RewardDistributorAbi.decodeRoot(
                            chain.ethCall(distributor, RewardDistributorAbi.roots(b.getEpoch())));
                    boolean confirmed = topics.receipts().stream().anyMatch(r -> r.getEpoch() == b.getEpoch()
                            && r.getStatus() == SettlementStatus.CONFIRMED);
                    if (confirmed) {
                        assertThat(root.root()).as("root of %d", b.getEpoch()).isEqualTo(hex(b.getMerkleRoot().bytes()));
                        confirmedTotal = confirmedTotal.max(new BigInteger(b.getTotalCumulative()));
                    }
                }
                BigInteger minted = RewardDistributorAbi.decodeUint(chain.ethCall(scenario.deployment.token(),
                        RewardTokenAbi.totalSupply()));
                BigInteger onChainTotal = RewardDistributorAbi.decodeUint(chain.ethCall(distributor,
                        RewardDistributorAbi.totalCumulative()));
                assertThat(minted).isEqualTo(onChainTotal);
                assertThat(onChainTotal).isGreaterThanOrEqualTo(confirmedTotal);
                // Every confirmed epoch paid exactly emission + carried in − carried out.
                for (RewardBatch b : batches) {
                    assertThat(new BigInteger(b.getTotalAmount())).isEqualTo(new BigInteger(b.getEmission())
                            .add(new BigInteger(b.getCarriedIn())).subtract(new BigInteger(b.getCarriedOut())));
                }
            }
        }
    }

    /** Starts a settler child JVM halting at {@code point}, waits for it to get there, kills it with SIGKILL. */
    private static void killAt(SettlementScenario scenario, Map<String, String> base, String point, String line)
            throws Exception {
        Map<String, String> s = new java.util.LinkedHashMap<>(scenario.settlerSettings(base));
        s.put(SettlerSettings.HALT_AT, point);
        try (ChildJvm child = ChildJvm.builder(SettlerMain.class).name("settler-" + point).maxHeap("256m")
                .settings(Settings.of(s)).log(Files.createTempFile("settler-" + point, ".log"))
                .start(Duration.ofSeconds(90))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> child.logs().stream().anyMatch(l -> l.contains(line)));
            child.kill9();
        }
    }

    private static SettlementReceipt onlyReceipt(SettlementReading topics, long epoch, SettlementStatus status) {
        List<SettlementReceipt> r = topics.receipts().stream()
                .filter(x -> x.getEpoch() == epoch && x.getStatus() == status).toList();
        assertThat(r).as("%s receipts of epoch %d", status, epoch).hasSize(1);
        return r.get(0);
    }

    private static ChainRpc chain(DevStack stack) {
        return new ChainRpc(stack.chainRpcUrl(), Duration.ofSeconds(1), () -> false, m -> { }, () -> { });
    }

    private static String hex(byte[] b) {
        return Numeric.toHexString(b);
    }
}
