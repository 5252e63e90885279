package io.proofmesh.settler.settle;

import io.proofmesh.contracts.ContractClient;
import io.proofmesh.contracts.ContractDeployer;
import io.proofmesh.contracts.Deployment;
import io.proofmesh.contracts.DeploymentParams;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.settler.service.SettlerSettings;
import io.proofmesh.streams.service.RunningProcessor;
import io.proofmesh.streams.service.ScoringFeed;
import io.proofmesh.streams.service.StreamsService;
import io.proofmesh.streams.service.StreamsSettings;
import io.proofmesh.streams.topology.ScoringInputs;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A real scoring run for settlement tests: fresh reward contracts on the DevStack's anvil, a
 * scoring processor with 6 s epochs at epoch numbers of its own (tests share the broker), and a
 * feed of heartbeats, probes and ticks for a few registered nodes with distinct payout addresses,
 * until closed. {@link #settlerSettings} configures a settler for it.
 */
public final class SettlementScenario implements AutoCloseable {

    public static final long LENGTH = 6_000;
    public static final long GRACE = 1_000;
    /** anvil's public dev account #3 deploys the test contracts (account #0 is the dev deployment's). */
    static final Credentials DEPLOYER = Credentials.create("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
    /** anvil's public dev account #1: the settler of the dev deployment and of these tests. */
    public static final String SETTLER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    static final String GOVERNANCE = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720";

    public final DevStack stack;
    public final EpochSchedule schedule;
    public final long firstEpoch;
    public final Deployment deployment;
    public final Settings processorSettings;
    public final List<String> nodes = new ArrayList<>();
    public final Map<String, String> payouts = new LinkedHashMap<>();
    public final BigInteger emission;
    private final ScoringFeed feed;
    private final StreamsService processor;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sender;

    public SettlementScenario(DevStack stack, long genesisEpochsBack, int nodeCount) throws Exception {
        this.stack = stack;
        long now = System.currentTimeMillis();
        long genesis = now - now % LENGTH - genesisEpochsBack * LENGTH;
        this.schedule = new EpochSchedule(genesis, LENGTH, GRACE);
        long processorFirstEpoch = schedule.epochOf(now) + 1;
        ScoringPolicy p = PolicyJson.defaultPolicy();
        this.emission = p.emissionPerEpoch();


        String app = "settle-it-" + UUID.randomUUID().toString().substring(0, 8);
        this.processorSettings = RunningProcessor.settings(stack, app, "settle-a", Map.of(
                "epoch.genesis", Long.toString(genesis), "epoch.length", LENGTH + "ms", "epoch.grace", GRACE + "ms",
                StreamsSettings.FIRST_EPOCH, Long.toString(processorFirstEpoch)));
        this.feed = new ScoringFeed(processorSettings);
        this.processor = RunningProcessor.start(processorSettings);
        feed.publishPolicy(new ScoringPolicy("it-1s-slots", 0, 1, p.latencyTiers(), p.minUptimePpm(),
                p.availabilityWeightPpm(), p.workWeightPpm(), p.reputationPriorAlphaPpm(), p.reputationPriorBetaPpm(),
                p.reputationDecayPpm(), p.emissionPerEpoch(), System.currentTimeMillis()));
        for (int i = 0; i < nodeCount; i++) {
            String node = Keys.toChecksumAddress(Keys.getAddress(Keys.createEcKeyPair())).toLowerCase();
            String payout = Keys.toChecksumAddress(Keys.getAddress(Keys.createEcKeyPair())).toLowerCase();
            nodes.add(node);
            payouts.put(node, payout);
            NodeRegistration r = ScoringInputs.registration(node, NodeStatus.ACTIVE);
            r.setPayoutAddress(payout);
            feed.send(TopicCatalog.NODES_REGISTRY.name(), node, r);
        }
        this.sender = new Thread(this::feedLoop, "settle-feed");
        sender.setDaemon(true);
        sender.start();
        // Settled from the first epoch that starts after the feed runs (the processor's start is slow under load).
        this.firstEpoch = schedule.epochOf(System.currentTimeMillis()) + 1;
        Web3j web3j = Web3j.build(new HttpService(stack.chainRpcUrl()));
        ContractClient client = ContractClient.connect(web3j, DEPLOYER);
        this.deployment = new ContractDeployer(client).deploy(new DeploymentParams("proofmesh Reward (test)", "PMRT", GOVERNANCE,
                Credentials.create(SETTLER_KEY).getAddress().toLowerCase(), firstEpoch, emission, 2));
        web3j.shutdown();
    }

    /** Heartbeats every 150 ms, a probe per node every ~600 ms (node i's RTT grows with i), ticks on every partition. */
    private void feedLoop() {
        try {
            feedUntilClosed();
        } catch (RuntimeException e) {
            System.out.println("[settle-feed] stopped: " + e);
            e.printStackTrace(System.out);
        }
    }

    private void feedUntilClosed() {
        long seq = 1;
        int nonce = (int) (System.nanoTime() & 0x3fffffff);
        while (running.get()) {
            long t = System.currentTimeMillis();
            for (int i = 0; i < nodes.size(); i++) {
                String n = nodes.get(i);
                feed.send(TopicCatalog.HEARTBEATS.name(), n, ScoringInputs.heartbeat(n, seq, 0, t));
                if (seq % 4 == 0) {
                    feed.send(TopicCatalog.PROBES.name(), n, ScoringInputs.probe(n, nonce++, t, ProbeOutcome.OK,
                            15_000L + 40_000L * i));
                }
            }
            seq++;
            feed.tickAll();

            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Settings for a settler of this scenario (in-process or child JVM); {@code overrides} win. */
    public Map<String, String> settlerSettings(Map<String, String> overrides) {
        Map<String, String> s = new LinkedHashMap<>(processorSettings.asMap());
        s.keySet().removeIf(k -> k.startsWith("streams."));
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put("chain.rpc-url", stack.chainRpcUrl());
        s.put(SettlerSettings.DISTRIBUTOR, deployment.distributor());
        s.put(SettlerSettings.KEY, SETTLER_KEY);
        s.put(SettlerSettings.POLL_INTERVAL, "300ms");
        s.put(SettlerSettings.ID, "settler-" + UUID.randomUUID().toString().substring(0, 8));
        s.putAll(overrides);
        return s;
    }

    public Duration epochLength() {
        return Duration.ofMillis(LENGTH);
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        sender.join(5_000);
        processor.close();
        feed.close();
    }
}
