package io.proofmesh.settler.testing;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proofmesh.contracts.ContractClient;
import io.proofmesh.contracts.ContractDeployer;
import io.proofmesh.contracts.Deployment;
import io.proofmesh.contracts.DeploymentParams;
import io.proofmesh.contracts.RewardDistributorAbi;
import io.proofmesh.contracts.RewardTokenAbi;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.http.ServiceHttpServer;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.platform.topics.CatalogBootstrap;
import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.rewards.SettlementStatus;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.reward.Allocation;
import io.proofmesh.scoring.reward.NodeAllocation;
import io.proofmesh.scoring.reward.RewardRow;
import io.proofmesh.scoring.reward.RewardTable;
import io.proofmesh.settler.api.RewardsRoutes;
import io.proofmesh.settler.settle.BatchBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Settled epochs without the processor or the settler loop, for the rewards API and {@code proofmesh
 * claim} tests: fresh RewardToken + RewardDistributor on the DevStack's anvil (deployer anvil #5,
 * governance #9, settler #1, a far unique first epoch), batches and entries built with scoring's
 * RewardTable and written to the {@code rewards.*} topics as the settler writes them, the root posted
 * on-chain with the settler key, a CONFIRMED receipt recorded, and the rewards API served on a free port.
 * Nodes and payouts are fresh random addresses (their balances start at zero).
 */
public final class RewardsFixture implements AutoCloseable {

    private static final String DEPLOYER_KEY = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"; // anvil #5
    private static final String GOVERNANCE_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"; // anvil #9
    private static final String SETTLER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // anvil #1
    /** anvil #6: pays the gas of claims in tests (the contract pays the payout address). */
    public static final String CLAIMER_KEY = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";
    public static final BigInteger CAP = new BigInteger("1000000000000000000000"); // 1000 tokens per epoch
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DevStack stack;
    private final Web3j web3j;
    private final HttpService rpc;
    private final Deployment deployment;
    private final ContractClient settler;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final ServiceHttpServer http;
    private final PrometheusMeterRegistry meters;
    private final Map<String, String> payouts = new HashMap<>();
    private final Map<String, BigInteger> cumulative = new HashMap<>();

    /** One settled epoch: its batch and table. */
    public record Settled(RewardBatch batch, RewardTable table, TransactionReceipt postReceipt) {
        public RewardRow row(String nodeId) {
            return table.rows().stream().filter(r -> r.nodeId().equals(nodeId)).findFirst().orElseThrow();
        }
    }

    private RewardsFixture(DevStack stack, long challengeWindowSeconds) {
        this.stack = stack;
        this.rpc = new HttpService(stack.chainRpcUrl());
        this.web3j = Web3j.build(rpc);
        long chainId = stack.config().chainId();
        ContractClient deployer = new ContractClient(web3j, Credentials.create(DEPLOYER_KEY), chainId, Duration.ofSeconds(60));
        this.settler = new ContractClient(web3j, Credentials.create(SETTLER_KEY), chainId, Duration.ofSeconds(60));
        long firstEpoch = 1_000_000_000L + (RANDOM.nextInt(1_000_000) * 1000L);
        this.deployment = new ContractDeployer(deployer).deploy(new DeploymentParams("proofmesh Reward (api test)", "PMRA",
                Credentials.create(GOVERNANCE_KEY).getAddress(), settler.address(), firstEpoch, CAP, challengeWindowSeconds));

        Settings s = Settings.of(Map.of(CommonSettings.KAFKA_BOOTSTRAP, stack.bootstrapServers(),
                CommonSettings.REGISTRY_URL, stack.registryUrl()));
        KafkaClients kafka = new KafkaClients(s);
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        CatalogBootstrap.run(kafka, registry, List.of(TopicCatalog.REWARD_ENTRIES, TopicCatalog.REWARD_BATCHES,
                TopicCatalog.REWARD_SETTLEMENTS), Duration.ofSeconds(60));
        this.producer = new KafkaProducer<>(kafka.producerConfig("rewards-fixture"), new StringSerializer(),
                new AvroSerializer<>(registry, false));
        this.meters = ServiceHttpServer.newMeterRegistry("settler-api-test");
        this.http = ServiceHttpServer.start("settler-api-test", "127.0.0.1", 0, meters, routes ->
                RewardsRoutes.register(routes, kafka, registry, stack.chainRpcUrl(), deployment.distributor(), chainId, meters));
    }

    /** Deploys fresh contracts and serves the rewards API over them. */
    public static RewardsFixture start(DevStack stack, long challengeWindowSeconds) {
        return new RewardsFixture(stack, challengeWindowSeconds);
    }

    public Deployment deployment() {
        return deployment;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + http.port();
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public long firstEpoch() {
        return deployment.firstEpoch();
    }

    /** A fresh random node id with a fresh random payout address. */
    public String newNode() {
        String node = randomAddress();
        payouts.put(node, randomAddress());
        return node;
    }

    public String payoutOf(String nodeId) {
        return payouts.get(nodeId);
    }

    /** {@link #publish} then {@link #post}: the epoch settled as the settler settles it, receipt not yet recorded. */
    public Settled settle(long epoch, Map<String, BigInteger> amounts) {
        return post(publish(epoch, amounts));
    }

    /**
     * Builds the epoch's table from this epoch's amounts (availability = amount / 2, work the rest)
     * and everything published before, and writes batch + entries to the topics (nothing on-chain).
     */
    public Settled publish(long epoch, Map<String, BigInteger> amounts) {
        List<NodeAllocation> nodes = new ArrayList<>();
        Map<String, byte[]> digests = new HashMap<>();
        Map<String, Integer> scores = new HashMap<>();
        BigInteger total = BigInteger.ZERO;
        for (Map.Entry<String, BigInteger> a : new TreeMap<>(amounts).entrySet()) {
            BigInteger availability = a.getValue().shiftRight(1);
            nodes.add(new NodeAllocation(a.getKey(), availability, a.getValue().subtract(availability)));
            digests.put(a.getKey(), randomBytes(32));
            scores.put(a.getKey(), 500_000 + RANDOM.nextInt(500_000));
            total = total.add(a.getValue());
        }
        Allocation allocation = new Allocation(epoch, total, BigInteger.ZERO, BigInteger.ZERO, total.shiftRight(1),
                total.subtract(total.shiftRight(1)), nodes);
        RewardTable table = RewardTable.build(allocation, cumulative, payouts, digests, scores);
        byte[] policyHash = randomBytes(32);
        RewardBatch batch = RewardBatch.newBuilder()
                .setEpoch(epoch)
                .setMerkleRoot(new Bytes32(table.tree().root()))
                .setEmission(total.toString()).setCarriedIn("0").setCarriedOut("0")
                .setTotalAmount(total.toString())
                .setTotalCumulative(table.totalCumulative().toString())
                .setNodeCount(table.rows().size())
                .setPaidCount(table.paidCount())
                .setInputDigest(new Bytes32(randomBytes(32)))
                .setPolicyHash(new Bytes32(policyHash))
                .setChainId(deployment.chainId())
                .setDistributorAddress(deployment.distributor())
                .setSettlerId("fixture")
                .setCreatedAt(Instant.now())
                .build();
        for (RewardRow row : table.rows()) {
            RewardEntry e = RewardEntry.newBuilder()
                    .setEpoch(epoch).setNodeId(row.nodeId()).setPayoutAddress(row.payout())
                    .setAmount(row.amount().toString()).setCumulativeAmount(row.cumulativeAmount().toString())
                    .setAvailabilityAmount(row.availabilityAmount().toString()).setWorkAmount(row.workAmount().toString())
                    .setScorePpm(row.scorePpm()).setDetailsDigest(new Bytes32(row.detailsDigest()))
                    .setLeafHash(new Bytes32(row.leaf().hash())).setLeafIndex(table.tree().leafIndex(row.nodeId()))
                    .setPolicyHash(new Bytes32(policyHash))
                    .build();
            producer.send(new ProducerRecord<>(TopicCatalog.REWARD_ENTRIES.name(), epoch + "/" + row.nodeId(), e));
            cumulative.put(row.nodeId(), row.cumulativeAmount());
        }
        producer.send(new ProducerRecord<>(TopicCatalog.REWARD_BATCHES.name(), Long.toString(epoch), batch));
        producer.flush();
        return new Settled(batch, table, null);
    }

    /** Posts a published epoch's root with the settler key (the window starts now). */
    public Settled post(Settled published) {
        RewardBatch batch = published.batch();
        TransactionReceipt posted = settler.send("postRoot", deployment.distributor(), RewardDistributorAbi.postRoot(batch.getEpoch(),
                Numeric.toHexString(batch.getMerkleRoot().bytes()), published.table().totalCumulative(),
                Numeric.toHexString(BatchBuilder.digestOf(batch))));
        return new Settled(batch, published.table(), posted);
    }

    /**
     * Overwrites a node's entry of a published epoch (same key, as a bad writer would) with another
     * cumulative amount: the entries no longer rebuild the batch's root.
     */
    public void tamperEntry(Settled s, String nodeId, BigInteger cumulativeAmount) {
        RewardRow row = s.row(nodeId);
        RewardEntry e = RewardEntry.newBuilder()
                .setEpoch(s.batch().getEpoch()).setNodeId(nodeId).setPayoutAddress(row.payout())
                .setAmount(row.amount().toString()).setCumulativeAmount(cumulativeAmount.toString())
                .setAvailabilityAmount(row.availabilityAmount().toString()).setWorkAmount(row.workAmount().toString())
                .setScorePpm(row.scorePpm()).setDetailsDigest(new Bytes32(row.detailsDigest()))
                .setLeafHash(new Bytes32(row.leaf().hash())).setLeafIndex(s.table().tree().leafIndex(nodeId))
                .setPolicyHash(s.batch().getPolicyHash())
                .build();
        producer.send(new ProducerRecord<>(TopicCatalog.REWARD_ENTRIES.name(), s.batch().getEpoch() + "/" + nodeId, e));
        producer.flush();
    }

    /** Records the CONFIRMED settlement receipt of a posted epoch, as the settler does. */
    public SettlementReceipt confirm(Settled s) {
        TransactionReceipt r = s.postReceipt();
        SettlementReceipt receipt = SettlementReceipt.newBuilder()
                .setEpoch(s.batch().getEpoch())
                .setStatus(SettlementStatus.CONFIRMED)
                .setMerkleRoot(s.batch().getMerkleRoot())
                .setChainId(deployment.chainId())
                .setDistributorAddress(deployment.distributor())
                .setFromAddress(settler.address())
                .setNonce(0)
                .setTxHash(new Bytes32(Numeric.hexStringToByteArray(r.getTransactionHash())))
                .setBlockNumber(r.getBlockNumber().longValueExact())
                .setBlockHash(new Bytes32(Numeric.hexStringToByteArray(r.getBlockHash())))
                .setGasUsed(r.getGasUsed().longValueExact())
                .setEffectiveGasPrice(Numeric.toBigInt(r.getEffectiveGasPrice()).toString())
                .setRecordedAt(Instant.now())
                .build();
        producer.send(new ProducerRecord<>(TopicCatalog.REWARD_SETTLEMENTS.name(), Long.toString(receipt.getEpoch()), receipt));
        producer.flush();
        return receipt;
    }

    /** Moves the chain's clock past the challenge window (anvil evm_increaseTime + evm_mine). */
    public void advancePastWindow() throws IOException {
        new Request<>("evm_increaseTime", List.of(deployment.challengeWindowSeconds() + 1), rpc, Response.class).send();
        new Request<>("evm_mine", List.of(), rpc, Response.class).send();
    }

    /** A client signing with {@code key} on the fixture's chain. */
    public ContractClient client(String key) {
        return new ContractClient(web3j, Credentials.create(key), deployment.chainId(), Duration.ofSeconds(60));
    }

    public BigInteger balance(String account) {
        return RewardTokenAbi.balanceOf(settler, deployment.token(), account);
    }

    public BigInteger claimedOnChain(String nodeId) {
        return RewardDistributorAbi.decodeUint(settler.call("claimed", deployment.distributor(), RewardDistributorAbi.claimed(nodeId)));
    }

    public DevStack stack() {
        return stack;
    }

    private static String randomAddress() {
        return Numeric.toHexString(randomBytes(20)).toLowerCase(Locale.ROOT);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        http.close();
        producer.close();
        web3j.shutdown();
    }
}
