package io.proofmesh.settler.settle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proofmesh.contracts.RewardDistributorAbi;
import io.proofmesh.contracts.RewardTokenAbi;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.rewards.SettlementStatus;
import io.proofmesh.scoring.merkle.MerkleTree;
import io.proofmesh.scoring.merkle.RewardLeaf;
import io.proofmesh.settler.chain.ChainRpc;
import io.proofmesh.settler.service.SettlerService;
import io.proofmesh.settler.service.SettlerSettings;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/**
 * A real processor scores real epochs; the settler settles them on anvil: one batch and one
 * CONFIRMED root per epoch, each epoch paying exactly its emission, the chain's root and minted
 * supply equal to the topics', and every node's leaf provable against the on-chain root.
 */
@Tag("integration")
@DevStackTest
class SettlerIT {

    @Test
    void settlesEveryClosedEpochOnChainPayingExactlyItsEmissionAndRidesOutAChainOutage(DevStack stack) throws Exception {
        URI anvil = URI.create(stack.chainRpcUrl());
        try (SettlementScenario scenario = new SettlementScenario(stack, 910_000, 4);
             TcpRelay chainLink = new TcpRelay(anvil.getHost(), anvil.getPort());
             SettlerService settler = SettlerService.start(Settings.of(scenario.settlerSettings(Map.of(
                     "chain.rpc-url", "http://127.0.0.1:" + chainLink.port(), SettlerSettings.RPC_RETRY_MAX, "1s"))),
                     msg -> System.out.println("[settler] " + msg))) {
            String distributor = scenario.deployment.distributor();
            SettlementReading topics = new SettlementReading(scenario.processorSettings, distributor);
            long e0 = scenario.firstEpoch;

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(topics.receipts()).filteredOn(r -> r.getStatus() == SettlementStatus.CONFIRMED)
                            .extracting(SettlementReceipt::getEpoch).contains(e0));

            // The chain goes away for longer than an epoch: the settler retries, then settles what closed meanwhile.
            chainLink.cut();
            Thread.sleep(2 * SettlementScenario.LENGTH);
            assertThat(metric(settler, "proofmesh_settler_rpc_retries_total")).isPositive();
            assertThat(settler.loop().alive()).isTrue();
            chainLink.restore();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(topics.receipts()).filteredOn(r -> r.getStatus() == SettlementStatus.CONFIRMED)
                            .extracting(SettlementReceipt::getEpoch).contains(e0, e0 + 1, e0 + 2, e0 + 3));

            List<RewardBatch> batches = topics.batches();
            assertThat(batches).extracting(RewardBatch::getEpoch).doesNotHaveDuplicates().contains(e0, e0 + 1);
            Set<String> nodes = new HashSet<>(scenario.nodes);
            BigInteger previousTotal = BigInteger.ZERO;
            try (ChainRpc chain = new ChainRpc(stack.chainRpcUrl(), Duration.ofSeconds(1), () -> false, m -> { }, () -> { })) {
                for (long epoch : List.of(e0, e0 + 1)) {
                    RewardBatch b = batches.stream().filter(x -> x.getEpoch() == epoch).findFirst().orElseThrow();
                    List<RewardEntry> entries = topics.entries(epoch, nodes);
                    // Exactly the emission: every node was eligible (uptime 100 %, probes answered).
                    assertThat(b.getCarriedOut()).isEqualTo("0");
                    assertThat(new BigInteger(b.getTotalAmount())).isEqualTo(scenario.emission.add(new BigInteger(b.getCarriedIn())));
                    assertThat(entries).hasSize(4);
                    assertThat(entries.stream().map(e -> new BigInteger(e.getAmount())).reduce(BigInteger.ZERO, BigInteger::add))
                            .isEqualTo(new BigInteger(b.getTotalAmount()));
                    assertThat(entries).allSatisfy(e -> assertThat(e.getPayoutAddress()).isEqualTo(scenario.payouts.get(e.getNodeId())));
                    // Node 0 has the lowest RTT, so the highest availability: it earns the most.
                    RewardEntry first = entries.stream().filter(e -> e.getNodeId().equals(scenario.nodes.get(0))).findFirst().orElseThrow();
                    assertThat(entries).allSatisfy(e -> assertThat(new BigInteger(first.getAmount()))
                            .isGreaterThanOrEqualTo(new BigInteger(e.getAmount())));
                    assertThat(new BigInteger(b.getTotalCumulative())).isEqualTo(previousTotal.add(new BigInteger(b.getTotalAmount())));
                    previousTotal = new BigInteger(b.getTotalCumulative());

                    // The chain holds the same root and total; every leaf proves against it.
                    RewardDistributorAbi.EpochRoot onChain = RewardDistributorAbi.decodeRoot(
                            chain.ethCall(distributor, RewardDistributorAbi.roots(epoch)));
                    assertThat(onChain.root()).isEqualTo(Numeric.toHexString(b.getMerkleRoot().bytes()));
                    assertThat(onChain.totalCumulative()).isEqualTo(new BigInteger(b.getTotalCumulative()));
                    assertThat(onChain.revoked()).isFalse();
                    MerkleTree tree = MerkleTree.of(entries.stream().map(e -> new RewardLeaf(e.getNodeId(), e.getPayoutAddress(),
                            new BigInteger(e.getCumulativeAmount()), e.getDetailsDigest().bytes())).toList());
                    assertThat(tree.root()).isEqualTo(b.getMerkleRoot().bytes());
                    for (RewardEntry e : entries) {
                        assertThat(MerkleTree.verify(b.getMerkleRoot().bytes(), e.getLeafHash().bytes(), tree.proof(e.getNodeId())))
                                .as("proof of %s", e.getNodeId()).isTrue();
                    }
                }
                // Minted supply = total allocated so far (the distributor mints on each post).
                RewardBatch latest = topics.batches().stream().max(java.util.Comparator.comparingLong(RewardBatch::getEpoch)).orElseThrow();
                BigInteger supply = RewardDistributorAbi.decodeUint(chain.ethCall(scenario.deployment.token(), RewardTokenAbi.totalSupply()));
                BigInteger onChainTotal = RewardDistributorAbi.decodeUint(chain.ethCall(distributor, RewardDistributorAbi.totalCumulative()));
                assertThat(supply).isEqualTo(onChainTotal);
                assertThat(onChainTotal.compareTo(new BigInteger(latest.getTotalCumulative()))).isLessThanOrEqualTo(0);
            }
            // One CONFIRMED per epoch, with block and gas.
            assertThat(topics.receipts()).filteredOn(r -> r.getStatus() == SettlementStatus.CONFIRMED)
                    .extracting(SettlementReceipt::getEpoch).doesNotHaveDuplicates();
            assertThat(topics.receipts()).filteredOn(r -> r.getStatus() == SettlementStatus.CONFIRMED)
                    .allSatisfy(r -> assertThat(r.getGasUsed()).isPositive());
            assertThat(settler.loop().alive()).isTrue();
        }
    }

    private static double metric(SettlerService settler, String name) throws Exception {
        String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + settler.httpPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
