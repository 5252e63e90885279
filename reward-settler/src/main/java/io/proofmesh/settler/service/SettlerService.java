package io.proofmesh.settler.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.EpochSettings;
import io.proofmesh.platform.config.GovernanceSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.PrivateKeySource;
import io.proofmesh.platform.http.HealthCheck;
import io.proofmesh.platform.http.ServiceHttpServer;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.policy.ScoringPolicy;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.PolicyVerifier;
import io.proofmesh.settler.chain.ChainRpc;
import io.proofmesh.settler.chain.DistributorClient;
import io.proofmesh.settler.chain.LocalKeySigner;
import io.proofmesh.settler.chain.RemoteJsonRpcSigner;
import io.proofmesh.settler.chain.TransactionSigner;
import io.proofmesh.settler.ledger.SettlementBook;
import io.proofmesh.settler.ledger.RewardTopicsReader;
import io.proofmesh.settler.settle.BatchBuilder;
import io.proofmesh.settler.settle.EpochInputsReader;
import io.proofmesh.settler.settle.PolicyShelf;
import io.proofmesh.settler.settle.RewardPublisher;
import io.proofmesh.settler.settle.RootSettlement;
import io.proofmesh.settler.settle.SettlementLoop;
import io.proofmesh.settler.settle.SettlerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reward settler (network-run; writes the {@code rewards.*} topics directly, DESIGN.md):
 * settles every epoch that all partitions have closed — allocation, Merkle tree, batch and entries
 * in one Kafka transaction, the root posted on-chain idempotently — and serves {@code /health},
 * {@code /metrics} and the rewards API on {@code http.port} (8083).
 */
public final class SettlerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SettlerService.class);

    private final SettlementLoop loop;
    private final ServiceHttpServer http;
    private final ChainRpc chain;
    private final AtomicBoolean running;

    private SettlerService(SettlementLoop loop, ServiceHttpServer http, ChainRpc chain, AtomicBoolean running) {
        this.loop = loop;
        this.http = http;
        this.chain = chain;
        this.running = running;
    }

    public static SettlerService start(Settings s, Consumer<String> progress) {
        SettlerSettings cfg = SettlerSettings.from(s);
        CommonSettings common = CommonSettings.from(s);
        EpochSettings epochs = EpochSettings.from(s);
        EpochSchedule schedule = new EpochSchedule(epochs.genesisMillis(), epochs.lengthMillis(), epochs.graceMillis());
        String governance = GovernanceSettings.address(s);
        TransactionSigner signer = signer(s, cfg);

        KafkaClients kafka = new KafkaClients(s);
        kafka.awaitBroker(common.connectTimeout());
        kafka.requireTopics(List.of(TopicCatalog.EPOCHS_CLOSED.name(), TopicCatalog.SCORES_EPOCH.name(),
                TopicCatalog.NODES_REGISTRY.name(), TopicCatalog.SCORING_POLICY.name(), TopicCatalog.REWARD_ENTRIES.name(),
                TopicCatalog.REWARD_BATCHES.name(), TopicCatalog.REWARD_SETTLEMENTS.name()), common.connectTimeout());
        SchemaRegistryClient registry = new SchemaRegistryClient(common.registryUrl());
        PrometheusMeterRegistry meters = ServiceHttpServer.newMeterRegistry("settler");
        SettlerMetrics metrics = new SettlerMetrics(meters);

        AtomicBoolean running = new AtomicBoolean(true);
        ChainRpc chain = new ChainRpc(common.chainRpcUrl(), cfg.rpcRetryMax(), running::get, LOG::warn, metrics::rpcRetry);
        progress.accept("waiting for the chain at " + common.chainRpcUrl() + " ...");
        long chainId = chain.chainId();
        long expected = s.getLong(CommonSettings.NETWORK_CHAIN_ID, chainId);
        if (chainId != expected) {
            throw new ConfigException("the chain at " + common.chainRpcUrl() + " has chainId " + chainId + " but '"
                    + CommonSettings.NETWORK_CHAIN_ID + "' is " + expected + "; point chain.rpc-url at the deployment's chain");
        }
        String code = chain.code(cfg.distributorAddress());
        if (code == null || code.equals("0x") || code.isEmpty()) {
            throw new ConfigException("no contract at settler.distributor-address " + cfg.distributorAddress() + " on chain "
                    + chainId + " (" + common.chainRpcUrl() + "); deploy it (`proofmesh dev` does on anvil) or fix the address");
        }
        DistributorClient distributor = new DistributorClient(chain, cfg.distributorAddress());
        long firstEpoch = distributor.firstEpoch();

        SettlementBook book = loadBook(new RewardTopicsReader(kafka, registry, chainId, cfg.distributorAddress(),
                common.connectTimeout().plusSeconds(60)));
        book.latestBatch().ifPresent(b -> progress.accept("resuming after epoch " + b.getEpoch() + " (rewards.batches), "
                + book.cumulative().size() + " nodes in the cumulative ledger"));

        Map<String, Object> txConfig = kafka.producerConfig("proofmesh-settler-" + cfg.settlerId());
        txConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "proofmesh-settler-" + cfg.settlerId());
        txConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        txConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        RewardPublisher publisher = new RewardPublisher(new KafkaProducer<String, SpecificRecord>(txConfig, new StringSerializer(),
                new AvroSerializer<>(registry, false)), common.nodePartitions());

        EpochInputsReader inputs = new EpochInputsReader(() -> consumer(kafka, AvroDeserializer.specific(registry, NodeEpochScore.class)),
                schedule, Duration.ofMinutes(2));
        PolicyShelf policies = new PolicyShelf(new PolicyVerifier(CommonSettings.signingDomain(s).network(), CommonSettings.signingDomain(s).chainId(),
                governance, schedule), schedule, LOG::warn);
        RootSettlement roots = new RootSettlement(chain, distributor, signer, publisher, book, cfg, chainId, metrics,
                progress, Clock.systemUTC());
        SettlementLoop.Tails tails = new SettlementLoop.Tails(
                consumer(kafka, AvroDeserializer.specific(registry, EpochClosed.class)),
                consumer(kafka, AvroDeserializer.specific(registry, NodeRegistration.class)),
                consumer(kafka, AvroDeserializer.specific(registry, ScoringPolicy.class)));
        SettlementLoop loop = new SettlementLoop(tails, inputs, policies, publisher, roots, book,
                new BatchBuilder.Target(chainId, cfg.distributorAddress(), cfg.settlerId()), firstEpoch, cfg.pollInterval(),
                schedule, metrics, progress, Clock.systemUTC()).start();

        ServiceHttpServer http = ServiceHttpServer.start("settler", cfg.httpHost(), cfg.httpPort(), meters, routes ->
                io.proofmesh.settler.api.RewardsRoutes.register(routes, kafka, registry, common.chainRpcUrl(), cfg.distributorAddress(),
                        chainId, meters));
        http.addHealthCheck("settlement", () -> loop.alive() ? HealthCheck.Result.up(loop.status())
                : HealthCheck.Result.down(loop.alarm().orElse("the settlement loop stopped (see the log); restart the settler")));
        progress.accept("settler " + cfg.settlerId() + " posts roots to RewardDistributor " + cfg.distributorAddress()
                + " on chain " + chainId + " (first epoch " + firstEpoch + "), signing with " + signer.describe()
                + ", " + cfg.confirmations() + " confirmation(s)");
        progress.accept("/health, /metrics and the rewards API on http://" + cfg.httpHost() + ":" + http.port());
        return new SettlerService(loop, http, chain, running);
    }

    private static TransactionSigner signer(Settings s, SettlerSettings cfg) {
        if (cfg.signerUrl().isPresent()) {
            return new RemoteJsonRpcSigner(cfg.signerUrl().get(), cfg.signerAddress().orElseThrow());
        }
        String source = s.find(SettlerSettings.KEY).filter(v -> !v.isBlank()).isPresent()
                ? Settings.envName(SettlerSettings.KEY) : "the key file " + s.get(SettlerSettings.KEY_FILE, "");
        return new LocalKeySigner(PrivateKeySource.require(s, SettlerSettings.KEY, SettlerSettings.KEY_FILE,
                "settler key (or settler.signer-url for a remote signer)"), source);
    }

    private static <V> KafkaConsumer<String, V> consumer(KafkaClients kafka, Deserializer<V> values) {
        Map<String, Object> c = kafka.consumerConfig(null);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(c, new StringDeserializer(), values);
    }

    /** The reward topics of this deployment as the settler left them: batches, settlement states, the latest batch's entries. */
    private static SettlementBook loadBook(RewardTopicsReader topics) {
        SettlementBook book = new SettlementBook();
        topics.batches().forEach(book::addBatch);
        topics.receipts().forEach(book::addReceipt);
        book.latestBatch().ifPresent(latest -> {
            List<RewardEntry> entries = topics.entries(latest);
            if (entries.size() != latest.getNodeCount()) {
                throw new IllegalStateException("rewards.entries holds " + entries.size() + " entries for epoch "
                        + latest.getEpoch() + " but its batch counts " + latest.getNodeCount() + "; the topic was changed");
            }
            book.setLatestEntries(entries);
        });
        return book;
    }

    public int httpPort() {
        return http.port();
    }

    public SettlementLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        running.set(false);
        loop.close();
        http.close();
        chain.close();
    }
}
