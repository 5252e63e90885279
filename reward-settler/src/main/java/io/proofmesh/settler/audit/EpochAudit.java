package io.proofmesh.settler.audit;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.EpochSettings;
import io.proofmesh.platform.config.GovernanceSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.schemas.policy.ScoringPolicy;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.rewards.SettlementStatus;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.PolicyVerifier;
import io.proofmesh.scoring.policy.VerifiedPolicy;
import io.proofmesh.settler.chain.ChainRpc;
import io.proofmesh.settler.chain.DistributorClient;
import io.proofmesh.settler.chain.OnChainRoot;
import io.proofmesh.settler.ledger.RewardTopicsReader;
import io.proofmesh.settler.ledger.RewardTopicsReader.StoredEntry;
import io.proofmesh.settler.ledger.TopicScan;
import io.proofmesh.settler.service.SettlerSettings;
import io.proofmesh.settler.settle.BatchBuilder;
import io.proofmesh.settler.settle.EpochBatch;
import io.proofmesh.settler.settle.EpochInputs;
import io.proofmesh.settler.settle.InconsistentInputsException;
import io.proofmesh.settler.settle.PolicyShelf;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The full audit of one settled epoch (what {@code proofmesh audit} runs): (a) every score
 * recomputed from the raw topics ({@link EpochScoreAudit}); (b) the batch rebuilt from those
 * recomputed scores with the settler's own {@link BatchBuilder} — the epoch's verified policy, the
 * previous batch's carried-out emission and cumulative amounts, the payout addresses the entries
 * name (cross-checked against {@code nodes.registry}) — and compared with the recorded header and
 * every entry (the latest record per node, as compaction keeps it); (c) the distributor's
 * {@code roots(epoch)} and the CONFIRMED settlement transaction.
 */
public final class EpochAudit implements AutoCloseable {

    private final KafkaClients kafka;
    private final SchemaRegistryClient registry;
    private final EpochScoreAudit scores;
    private final ChainRpc chain;
    private final DistributorClient distributor;
    private final long chainId;
    private final PolicyVerifier verifier;
    private final EpochSchedule schedule;
    private final Duration timeout;

    private EpochAudit(KafkaClients kafka, SchemaRegistryClient registry, EpochScoreAudit scores, ChainRpc chain,
                       DistributorClient distributor, long chainId, PolicyVerifier verifier, EpochSchedule schedule,
                       Duration timeout) {
        this.kafka = kafka;
        this.registry = registry;
        this.scores = scores;
        this.chain = chain;
        this.distributor = distributor;
        this.chainId = chainId;
        this.verifier = verifier;
        this.schedule = schedule;
        this.timeout = timeout;
    }

    /**
     * Connects to Kafka, the registry and the chain named by {@code s} and checks that the
     * distributor ({@code settler.distributor-address}) is a contract there.
     *
     * @throws ConfigException if a setting is wrong; BrokerUnavailableException / ChainUnavailableException if unreachable
     */
    public static EpochAudit connect(Settings s) {
        CommonSettings common = CommonSettings.from(s);
        String address = s.get(SettlerSettings.DISTRIBUTOR, "").trim().toLowerCase(Locale.ROOT);
        if (!address.matches("0x[0-9a-f]{40}")) {
            throw new ConfigException("setting '" + SettlerSettings.DISTRIBUTOR + "' (--distributor) must be the 0x address of "
                    + "the RewardDistributor whose settlement to audit (`proofmesh dev` prints it), got '" + address + "'");
        }
        String governance = GovernanceSettings.address(s);
        KafkaClients kafka = new KafkaClients(s);
        kafka.awaitBroker(common.connectTimeout());
        SchemaRegistryClient registry = new SchemaRegistryClient(common.registryUrl());
        ChainRpc chain = new ChainRpc(common.chainRpcUrl(), Duration.ofSeconds(1), () -> false, m -> { }, () -> { });
        try {
            long chainId = chain.chainId();
            long expected = s.getLong(CommonSettings.NETWORK_CHAIN_ID, chainId);
            if (chainId != expected) {
                throw new ConfigException("the chain at " + common.chainRpcUrl() + " has chainId " + chainId + " but '"
                        + CommonSettings.NETWORK_CHAIN_ID + "' is " + expected + "; point chain.rpc-url at the deployment's chain");
            }
            String code = chain.code(address);
            if (code == null || code.equals("0x") || code.isEmpty()) {
                throw new ConfigException("no contract at " + address + " on chain " + chainId + " (" + common.chainRpcUrl()
                        + "); pass the RewardDistributor's address with --distributor");
            }
            EpochSettings epochs = EpochSettings.from(s);
            EpochSchedule schedule = new EpochSchedule(epochs.genesisMillis(), epochs.lengthMillis(), epochs.graceMillis());
            PolicyVerifier verifier = new PolicyVerifier(CommonSettings.signingDomain(s).network(),
                    CommonSettings.signingDomain(s).chainId(), governance, schedule);
            Duration timeout = common.connectTimeout().plusSeconds(60);
            return new EpochAudit(kafka, registry, new EpochScoreAudit(kafka, registry, AuditSettings.from(s), timeout), chain,
                    new DistributorClient(chain, address), chainId, verifier, schedule, timeout);
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    public String distributorAddress() {
        return distributor.address();
    }

    /**
     * @param processorId whose close markers to audit, or null if only one processor closed the epoch
     * @throws AuditException if the epoch cannot be audited at all (not closed, no policy for it)
     */
    public EpochAuditReport audit(long epoch, String processorId, AuditProgress progress) {
        AtomicLong lastRead = new AtomicLong();
        AtomicLong lastTotal = new AtomicLong();
        EpochScoreAudit.Recomputation rec = scores.recompute(epoch, processorId, (read, total, what) -> {
            lastRead.set(read);
            lastTotal.set(total);
            progress.progress(read, total, "scores, " + what);
        });
        progress.progress(lastRead.get(), lastTotal.get(), "reward topics and the chain");

        RewardTopicsReader topics = new RewardTopicsReader(kafka, registry, chainId, distributor.address(), timeout);
        List<String> rewardProblems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<Long, RewardBatch> batches = new TreeMap<>();
        for (RewardBatch b : topics.batches()) {
            RewardBatch before = batches.put(b.getEpoch(), b);
            if (before != null && b.getEpoch() == epoch && !Arrays.equals(BatchBuilder.digestOf(before), BatchBuilder.digestOf(b))) {
                warnings.add("rewards.batches holds differing headers for epoch " + epoch + "; the latest is compared");
            }
        }
        RewardBatch recorded = batches.get(epoch);
        if (recorded == null) {
            rewardProblems.add("no batch for epoch " + epoch + " on rewards.batches for distributor " + distributor.address()
                    + " on chain " + chainId + ": not settled yet (is the settler running?) or another --distributor");
            return new EpochAuditReport(epoch, rec.report(), distributor.address(), null, null, rewardProblems, List.of(),
                    List.of(), "not checked", List.of(), warnings);
        }
        long firstEpoch = distributor.firstEpoch();
        Optional<RewardBatch> previous = batches.values().stream().filter(b -> b.getEpoch() < epoch)
                .max(Comparator.comparingLong(RewardBatch::getEpoch));
        if (epoch < firstEpoch) {
            rewardProblems.add("epoch " + epoch + " is before the distributor's first epoch " + firstEpoch
                    + ": no batch should exist for it");
        }
        if (previous.isEmpty() && epoch > firstEpoch) {
            warnings.add("no batch before epoch " + epoch + " although the distributor starts at epoch " + firstEpoch
                    + ": carried-in emission and earlier cumulative amounts are taken as 0");
        }
        BigInteger carriedIn = previous.map(b -> new BigInteger(b.getCarriedOut())).orElse(BigInteger.ZERO);
        Map<String, BigInteger> previousCumulative = new HashMap<>();
        previous.ifPresent(p -> latestPerNode(topics.entryRecords(p)).forEach((node, e) -> {
            if (e.value() != null) {
                previousCumulative.put(node, new BigInteger(e.value().getCumulativeAmount()));
            }
        }));

        List<StoredEntry> records = topics.entryRecords(recorded);
        Map<String, StoredEntry> latest = latestPerNode(records);
        Map<String, Integer> copies = new HashMap<>();
        records.forEach(r -> copies.merge(nodeOf(r), 1, Integer::sum));

        // Payouts: those the entries name, each cross-checked against the registration in force when the batch was built.
        RegistryHistory registrations = RegistryHistory.read(kafka, registry, timeout);
        long builtAt = recorded.getCreatedAt().toEpochMilli();
        Map<String, String> payouts = new HashMap<>();
        Map<String, FieldDifference> payoutDifferences = new HashMap<>();
        latest.forEach((node, e) -> {
            if (e.value() == null) {
                return;
            }
            String named = e.value().getPayoutAddress();
            payouts.put(node, named);
            Optional<String> registered = registrations.payoutAt(node, builtAt);
            if (registered.isEmpty() || !registered.get().equals(named)) {
                payoutDifferences.put(node, new FieldDifference("payoutAddress (nodes.registry at the batch's creation)",
                        registered.orElse("no registration"), named));
            }
            if (registrations.changedAfter(node, builtAt)) {
                warnings.add("node " + node + " re-registered after the batch was built: payout now "
                        + registrations.payoutNow(node).orElse("none (deregistered)") + ", the batch pays " + named
                        + " as registered then");
            }
        });
        TreeSet<String> leaves = new TreeSet<>(previousCumulative.keySet());
        rec.scores().values().forEach(l -> l.forEach(s -> leaves.add(s.getNodeId())));
        for (String node : leaves) {
            if (!payouts.containsKey(node)) {
                registrations.payoutAt(node, builtAt).or(() -> registrations.payoutNow(node))
                        .ifPresent(p -> payouts.put(node, p));
            }
        }

        RewardBatch rebuilt = null;
        List<RewardEntry> expectedEntries = List.of();
        Optional<VerifiedPolicy> policy = policyFor(epoch, warnings);
        if (policy.isEmpty()) {
            rewardProblems.add("no valid governance-signed policy for epoch " + epoch + " on config.scoring-policy; check "
                    + GovernanceSettings.GOVERNANCE + " and network.* against the settler's");
        } else {
            List<EpochClosed> markers = new ArrayList<>(new TreeMap<>(rec.markers()).values());
            try {
                EpochBatch b = BatchBuilder.build(new EpochInputs(epoch, markers, rec.scores()), policy.get(), carriedIn,
                        previousCumulative, payouts, new BatchBuilder.Target(recorded.getChainId(),
                                recorded.getDistributorAddress(), recorded.getSettlerId()), recorded.getCreatedAt());
                rebuilt = b.batch();
                expectedEntries = b.entries();
            } catch (InconsistentInputsException e) {
                rewardProblems.add("the batch cannot be rebuilt from the recomputed scores: " + e.getMessage());
            }
        }
        List<FieldDifference> batchDifferences = rebuilt == null ? List.of()
                : RewardComparison.differences(rebuilt, recorded, RewardComparison.BATCH_PROVENANCE);
        List<EntryVerdict> entries = compareEntries(rebuilt != null, expectedEntries, latest, copies, payoutDifferences);

        List<String> chainProblems = new ArrayList<>();
        String chainChecked = checkChain(epoch, rebuilt != null ? rebuilt : recorded, topics.receipts(), chainProblems);
        return new EpochAuditReport(epoch, rec.report(), distributor.address(), recorded, rebuilt, rewardProblems,
                batchDifferences, entries, chainChecked, chainProblems, warnings);
    }

    private static List<EntryVerdict> compareEntries(boolean rebuilt, List<RewardEntry> expected,
                                                     Map<String, StoredEntry> latest, Map<String, Integer> copies,
                                                     Map<String, FieldDifference> payoutDifferences) {
        Map<String, RewardEntry> byNode = new LinkedHashMap<>();
        expected.forEach(e -> byNode.put(e.getNodeId(), e));
        TreeSet<String> nodes = new TreeSet<>(byNode.keySet());
        latest.forEach((node, e) -> {
            if (e.value() != null) {
                nodes.add(node);
            }
        });
        List<EntryVerdict> out = new ArrayList<>();
        for (String node : nodes) {
            RewardEntry exp = byNode.get(node);
            StoredEntry stored = latest.get(node);
            RewardEntry rec = stored == null ? null : stored.value();
            List<String> notes = new ArrayList<>();
            if (copies.getOrDefault(node, 0) > 1) {
                notes.add("rewards.entries holds " + copies.get(node) + " records for this node and epoch; the latest is compared");
            }
            if (stored != null && rec == null) {
                notes.add("its entry was deleted by a tombstone");
            }
            List<FieldDifference> diffs = new ArrayList<>();
            if (payoutDifferences.containsKey(node)) {
                diffs.add(payoutDifferences.get(node));
            }
            EntryVerdict.Status status;
            if (!rebuilt) {
                status = EntryVerdict.Status.UNVERIFIED;
            } else if (rec == null) {
                status = EntryVerdict.Status.MISSING;
            } else if (exp == null) {
                status = EntryVerdict.Status.UNEXPECTED;
                notes.add("recorded, but the rebuilt batch has no leaf for this node");
            } else {
                diffs.addAll(0, RewardComparison.differences(exp, rec, java.util.Set.of()));
                status = diffs.isEmpty() ? EntryVerdict.Status.MATCH : EntryVerdict.Status.MISMATCH;
            }
            if (status == EntryVerdict.Status.MATCH && !diffs.isEmpty()) {
                status = EntryVerdict.Status.MISMATCH;
            }
            out.add(new EntryVerdict(node, status, exp, rec, diffs, notes));
        }
        return out;
    }

    /** Checks the distributor's root of {@code epoch} and the settlement tx; returns what was checked, in one line. */
    private String checkChain(long epoch, RewardBatch batch, List<SettlementReceipt> receipts, List<String> problems) {
        OnChainRoot root = distributor.root(epoch);
        if (!BatchBuilder.hasRoot(batch)) {
            // No leaf (nothing scored, nothing paid before): the settler posts nothing (PROTOCOL §16).
            if (root.posted()) {
                problems.add("epoch " + epoch + " has no reward tree, yet RewardDistributor.roots(" + epoch + ") holds "
                        + hex(root.root()));
            }
            boolean recorded = receipts.stream().anyMatch(r -> r.getEpoch() == epoch && r.getStatus() == SettlementStatus.CONFIRMED);
            if (!recorded) {
                problems.add("no settlement record for the empty epoch " + epoch + " on rewards.settlements");
            }
            return "no tree (nothing scored yet): nothing posted, emission carried";
        }
        if (!root.posted()) {
            problems.add("RewardDistributor.roots(" + epoch + ") is empty: the root was never posted to " + distributor.address());
        } else {
            compare("root", hex(batch.getMerkleRoot().bytes()), hex(root.root()), problems);
            compare("totalCumulative", batch.getTotalCumulative(), root.totalCumulative().toString(), problems);
            compare("batchDigest", hex(BatchBuilder.digestOf(batch)), hex(root.batchDigest()), problems);
            if (root.revoked()) {
                problems.add("the root of epoch " + epoch + " was revoked by governance (see rewards.settlements for the reason)");
            }
        }
        SettlementReceipt receipt = null;
        for (SettlementReceipt r : receipts) {
            if (r.getEpoch() == epoch) {
                receipt = r;
            }
        }
        if (receipt == null) {
            problems.add("no settlement record for epoch " + epoch + " on rewards.settlements");
            return "root " + (root.posted() ? "posted" : "not posted") + ", no receipt";
        }
        if (receipt.getStatus() != SettlementStatus.CONFIRMED) {
            problems.add("the settlement of epoch " + epoch + " is " + receipt.getStatus() + ", not CONFIRMED"
                    + (receipt.getMessage() == null ? "" : " (" + receipt.getMessage() + ")"));
            return "root " + (root.posted() ? "posted" : "not posted") + ", settlement " + receipt.getStatus();
        }
        String tx = hex(receipt.getTxHash().bytes());
        compare("settlement merkleRoot", hex(batch.getMerkleRoot().bytes()), hex(receipt.getMerkleRoot().bytes()), problems);
        Optional<TransactionReceipt> mined = chain.receipt(tx);
        if (mined.isEmpty()) {
            problems.add("the CONFIRMED settlement tx " + tx + " is not on the chain (a reorg, or another chain)");
        } else {
            TransactionReceipt m = mined.get();
            if (receipt.getBlockNumber() == null || m.getBlockNumber().longValueExact() != receipt.getBlockNumber()) {
                problems.add("settlement tx " + tx + " is in block " + m.getBlockNumber() + " but rewards.settlements records block "
                        + receipt.getBlockNumber());
            }
            if (!m.isStatusOK()) {
                problems.add("settlement tx " + tx + " reverted (status " + m.getStatus() + ")");
            }
            if (m.getTo() == null || !m.getTo().equalsIgnoreCase(distributor.address())) {
                problems.add("settlement tx " + tx + " was sent to " + m.getTo() + ", not to the distributor " + distributor.address());
            }
        }
        return "root " + (root.posted() ? "posted" : "NOT posted") + ", tx " + tx + " in block " + receipt.getBlockNumber();
    }

    private static void compare(String what, String expected, String onChain, List<String> problems) {
        if (!expected.equals(onChain)) {
            problems.add(what + ": expected " + expected + ", on-chain " + onChain);
        }
    }

    /** The policy the settler would have used: PolicyShelf over config.scoring-policy. */
    private Optional<VerifiedPolicy> policyFor(long epoch, List<String> warnings) {
        List<String> refused = new ArrayList<>();
        PolicyShelf shelf = new PolicyShelf(verifier, schedule, refused::add);
        Map<String, Object> c = kafka.consumerConfig(null);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, ScoringPolicy> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                AvroDeserializer.specific(registry, ScoringPolicy.class))) {
            TopicScan.all(consumer, TopicCatalog.SCORING_POLICY.name(), timeout, r -> shelf.add(r.key(), r.value()));
        }
        Optional<VerifiedPolicy> p = shelf.policyFor(epoch);
        if (p.isEmpty()) {
            warnings.addAll(refused);
        }
        return p;
    }

    /** The latest record per node (by append time, then offset), tombstones included: what compaction keeps. */
    private static Map<String, StoredEntry> latestPerNode(List<StoredEntry> records) {
        Map<String, StoredEntry> out = new TreeMap<>();
        for (StoredEntry r : records) {
            out.merge(nodeOf(r), r, (a, b) -> Comparator.comparingLong(StoredEntry::timestamp)
                    .thenComparingLong(StoredEntry::offset).compare(a, b) >= 0 ? a : b);
        }
        return out;
    }

    private static String nodeOf(StoredEntry r) {
        if (r.value() != null) {
            return r.value().getNodeId();
        }
        return r.key().substring(r.key().indexOf('/') + 1);
    }

    private static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        chain.close();
    }
}
