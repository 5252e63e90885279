package io.proofmesh.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.contracts.ContractClient;
import io.proofmesh.contracts.Deployment;
import io.proofmesh.contracts.RewardTokenAbi;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.rewards.SettlementStatus;
import io.proofmesh.settler.ledger.RewardTopicsReader;
import io.proofmesh.settler.service.SettlerService;
import io.proofmesh.simulator.fleet.NodeProfile;
import io.proofmesh.simulator.fleet.SimulatedNode;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine;

/**
 * The demo's rewards step: waits until the settler has CONFIRMED every epoch the fleet ran in,
 * prints the settlement table, audits every epoch from the raw topics, and has one honest operator
 * claim on-chain with `proofmesh claim`, checking that the payout's balance grew by exactly what
 * the rewards API said was claimable.
 */
final class DemoRewards {

    /** anvil's public dev account #2 pays the demo claim's gas (dev only). */
    private static final String CLAIM_GAS_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings services;
    private final SettlerService settler;
    private final Deployment deployment;
    private final Map<String, SimulatedNode> nodes;
    private final PrintStream out;
    private final RewardTopicsReader topics;

    DemoRewards(Settings services, SettlerService settler, Deployment deployment, Map<String, SimulatedNode> nodes, PrintStream out) {
        this.services = services;
        this.settler = settler;
        this.deployment = deployment;
        this.nodes = nodes;
        this.out = out;
        this.topics = new RewardTopicsReader(new KafkaClients(services),
                new SchemaRegistryClient(CommonSettings.from(services).registryUrl()), deployment.chainId(),
                deployment.distributor(), Duration.ofSeconds(30));
    }

    /** True iff every epoch up to {@code lastEpoch} settled, every audit passed and the claim paid what the API said. */
    boolean run(long lastEpoch, EpochAudit audit, Duration timeout) throws Exception {
        long first = deployment.firstEpoch();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, SettlementReceipt> confirmed = new HashMap<>();
        while (System.nanoTime() < deadline) {
            confirmed.clear();
            topics.receipts().stream().filter(r -> r.getStatus() == SettlementStatus.CONFIRMED)
                    .forEach(r -> confirmed.put(r.getEpoch(), r));
            if (java.util.stream.LongStream.rangeClosed(first, lastEpoch).allMatch(confirmed::containsKey)) {
                break;
            }
            if (settler.loop().alarm().isPresent()) {
                out.println("   settler stopped: " + settler.loop().alarm().get());
                return false;
            }
            Thread.sleep(500);
        }
        List<RewardBatch> batches = topics.batches().stream().filter(b -> b.getEpoch() <= lastEpoch)
                .sorted(Comparator.comparingLong(RewardBatch::getEpoch)).toList();
        out.printf("   %-6s %6s %6s %14s %14s %-14s %-14s %8s%n", "EPOCH", "NODES", "PAID", "PAID (tokens)", "CARRIED OUT",
                "ROOT", "TX", "GAS");
        boolean allSettled = true;
        for (long e = first; e <= lastEpoch; e++) {
            long epoch = e;
            Optional<RewardBatch> b = batches.stream().filter(x -> x.getEpoch() == epoch).findFirst();
            SettlementReceipt r = confirmed.get(epoch);
            if (b.isEmpty() || r == null) {
                out.printf("   %-6d not settled within %d s%n", epoch, timeout.toSeconds());
                allSettled = false;
                continue;
            }
            if (b.get().getNodeCount() == 0) {
                out.printf("   %-6d %6d %6d %14s %14s %s%n", epoch, 0, 0, "0",
                        ClaimCommand.tokens(new BigInteger(b.get().getCarriedOut())), "(nothing scored yet: no root to post)");
                continue;
            }
            out.printf("   %-6d %6d %6d %14s %14s %-14s %-14s %8s%n", epoch, b.get().getNodeCount(), b.get().getPaidCount(),
                    ClaimCommand.tokens(new BigInteger(b.get().getTotalAmount())),
                    ClaimCommand.tokens(new BigInteger(b.get().getCarriedOut())), shortHex(b.get().getMerkleRoot().bytes()),
                    shortHex(r.getTxHash().bytes()), r.getGasUsed() == null ? "-" : r.getGasUsed().toString());
        }
        if (!allSettled) {
            return false;
        }
        out.println("   every epoch pays exactly its emission (+ carried in − carried out), one root per epoch on-chain");

        boolean audited = true;
        for (long e = first; e <= lastEpoch; e++) {
            audited &= audit.passes(e);
        }
        return claim(batches.get(batches.size() - 1)) && audited;
    }

    /** One check of an epoch against the raw topics and the chain; prints its own line. */
    @FunctionalInterface
    interface EpochAudit {
        boolean passes(long epoch) throws Exception;
    }

    private boolean claim(RewardBatch latest) throws Exception {
        Predicate<RewardEntry> honest = en -> Optional.ofNullable(nodes.get(en.getNodeId()))
                .map(n -> n.profile() == NodeProfile.HONEST).orElse(false);
        Optional<RewardEntry> richest = topics.entries(latest).stream().filter(honest)
                .max(Comparator.comparing(en -> new BigInteger(en.getCumulativeAmount())));
        if (richest.isEmpty() || new BigInteger(richest.get().getCumulativeAmount()).signum() == 0) {
            out.println("   no honest node earned anything: nothing to claim");
            return false;
        }
        String node = richest.get().getNodeId();
        String api = "http://127.0.0.1:" + settler.httpPort();
        out.println("   an honest operator claims for node " + node + " (window " + deployment.challengeWindowSeconds()
                + " s after the last root) ...");
        JsonNode rewards = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            rewards = get(api + "/v1/rewards/" + node);
            if (rewards.path("finalCumulative").asText("0").equals(rewards.path("cumulativeEarned").asText())) {
                break; // everything it earned is past the challenge window
            }
            Thread.sleep(500);
        }
        BigInteger claimable = new BigInteger(rewards.path("claimable").asText("0"));
        String payout = rewards.path("payoutAddress").asText();
        out.println("   rewards API: earned " + ClaimCommand.tokens(new BigInteger(rewards.path("cumulativeEarned").asText()))
                + ", claimable " + ClaimCommand.tokens(claimable) + " to payout " + payout);

        Path keyFile = Files.createTempFile("demo-claim", ".key",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        BigInteger before;
        BigInteger after;
        int exit;
        Web3j web3j = Web3j.build(new HttpService(CommonSettings.from(services).chainRpcUrl()));
        try {
            Files.writeString(keyFile, CLAIM_GAS_KEY);
            ContractClient client = ContractClient.connect(web3j, Credentials.create(CLAIM_GAS_KEY));
            before = RewardTokenAbi.balanceOf(client, deployment.token(), payout);
            exit = new CommandLine(new ProofmeshCli()).execute("claim", "--node", node, "--key-file", keyFile.toString(),
                    "--settler-url", api, "--chain-rpc-url", CommonSettings.from(services).chainRpcUrl());
            after = RewardTokenAbi.balanceOf(client, deployment.token(), payout);
        } finally {
            web3j.shutdown();
            Files.deleteIfExists(keyFile);
        }
        BigInteger gained = after.subtract(before);
        boolean ok = exit == 0 && gained.equals(claimable) && claimable.signum() > 0;
        out.println("   claim " + (ok ? "OK" : "FAILED") + ": payout balance grew by " + ClaimCommand.tokens(gained)
                + (gained.equals(claimable) ? " = " : " ≠ ") + "what the API said was claimable (" + ClaimCommand.tokens(claimable)
                + ")");
        return ok;
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static String shortHex(byte[] b) {
        String h = HexFormat.of().formatHex(b);
        return "0x" + h.substring(0, 6) + "…" + h.substring(h.length() - 4);
    }
}
