package io.proofmesh.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.contracts.ContractClient;
import io.proofmesh.contracts.ContractRevertException;
import io.proofmesh.contracts.RewardDistributorAbi;
import io.proofmesh.contracts.RewardTokenAbi;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.PrivateKeySource;
import io.proofmesh.scoring.merkle.MerkleTree;
import io.proofmesh.scoring.merkle.RewardLeaf;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code proofmesh claim}: claim a node's final rewards from the RewardDistributor with the settler's proof. */
@Command(name = "claim",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Claim everything a node has earned up to the latest final epoch (posted, not revoked, challenge",
            "window over). Fetches the Merkle proof from the settler's rewards API, checks it locally, sends",
            "RewardDistributor.claim(...) and waits for the receipt.",
            "",
            "The key only pays the gas: anyone may send a claim, and the contract always pays the node's",
            "registered payout address. The key comes from the file named by --key-file or from the",
            "environment variable PROOFMESH_CLAIM_KEY (hex, optional 0x); it is never printed.",
            "",
            "Exit status: 0 claimed; 1 nothing to claim or the contract refused (its error is named, e.g.",
            "NothingToClaim); 2 the settler API or the chain could not be reached (the message says what",
            "to start), or a bad argument.",
        },
        footer = {"", "Examples:",
            "  proofmesh claim --node 0x1234…abcd --key-file ~/.proofmesh/gas.key",
            "  PROOFMESH_CLAIM_KEY=$(cat gas.key) proofmesh claim --node 0x1234…abcd --settler-url http://settler:8083",
            "  curl -s http://localhost:8083/v1/rewards/0x1234…abcd     # what is claimable, before claiming"})
final class ClaimCommand implements Callable<Integer> {

    static final String KEY = "claim.key";
    static final String KEY_FILE = "claim.key-file";
    static final int EXIT_REFUSED = 1;
    static final int EXIT_UNREACHABLE = 2;
    static final int EXIT_BAD_ARGUMENT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConfigOptions config;

    @Option(names = "--node", required = true, paramLabel = "0xADDRESS", description = "The node whose rewards to claim.")
    String node;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "File holding the hex private key that pays the gas (or set PROOFMESH_CLAIM_KEY).")
    Path keyFile;

    @Option(names = "--settler-url", paramLabel = "URL", defaultValue = "http://localhost:8083",
            description = "The reward settler's API (default ${DEFAULT-VALUE}).")
    String settlerUrl;

    @Option(names = "--chain-rpc-url", paramLabel = "URL",
            description = "EVM JSON-RPC endpoint to send the claim to (default: chain.rpc-url, http://localhost:8545).")
    String chainRpcUrl;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (node == null || !node.matches("0x[0-9a-fA-F]{40}")) {
            err.println("proofmesh claim: --node must be 0x followed by 40 hex digits, got '" + node + "'");
            return EXIT_BAD_ARGUMENT;
        }
        String nodeId = node.toLowerCase(Locale.ROOT);
        if (keyFile != null) {
            config.overrides.put(KEY_FILE, keyFile.toString());
        }
        if (chainRpcUrl != null) {
            config.overrides.put(CommonSettings.CHAIN_RPC_URL, chainRpcUrl);
        }
        Settings s = config.settings(Map.of());
        Credentials gas = PrivateKeySource.require(s, KEY, KEY_FILE, "key to pay the claim's gas");
        String rpcUrl = CommonSettings.from(s).chainRpcUrl();

        String base = settlerUrl.replaceAll("/+$", "");
        out.println("fetching the claim proof of " + nodeId + " from " + base + " ...");
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/rewards/" + nodeId + "/proof")).timeout(Duration.ofSeconds(30))
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("proofmesh claim: cannot reach the settler's rewards API at " + base + " (" + describe(e) + "): start "
                    + "the reward settler (it serves the API on port 8083) or pass --settler-url");
            return EXIT_UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_UNREACHABLE;
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            err.println("proofmesh claim: " + base + " answered HTTP " + answer.statusCode() + " without JSON: is --settler-url the "
                    + "reward settler's API?");
            return EXIT_UNREACHABLE;
        }
        if (answer.statusCode() != 200) {
            err.println("proofmesh claim: nothing to claim now: HTTP " + answer.statusCode() + " " + body.path("code").asText()
                    + ": " + body.path("message").asText());
            return answer.statusCode() >= 500 ? EXIT_UNREACHABLE : EXIT_REFUSED;
        }

        long epoch = body.get("epoch").asLong();
        String payout = body.get("payout").asText();
        BigInteger cumulative = new BigInteger(body.get("cumulativeAmount").asText());
        String digest = body.get("detailsDigest").asText();
        String distributor = body.get("distributor").asText();
        List<String> proofHex = new ArrayList<>();
        List<byte[]> proof = new ArrayList<>();
        body.get("proof").forEach(p -> {
            proofHex.add(p.asText());
            proof.add(Numeric.hexStringToByteArray(p.asText()));
        });
        byte[] leaf = new RewardLeaf(nodeId, payout, cumulative, Numeric.hexStringToByteArray(digest)).hash();
        if (!MerkleTree.verify(Numeric.hexStringToByteArray(body.get("root").asText()), leaf, proof)) {
            err.println("proofmesh claim: the settler's proof for epoch " + epoch + " does not verify against the root it names; "
                    + "not sending (the settler's data is inconsistent: run its audit)");
            return EXIT_REFUSED;
        }
        out.println("epoch " + epoch + ": cumulative " + tokens(cumulative) + " to payout " + payout + ", proof of "
                + proof.size() + " hashes checked against root " + body.get("root").asText());

        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            ContractClient client = ContractClient.connect(web3j, gas);
            if (client.chainId() != body.get("chainId").asLong()) {
                err.println("proofmesh claim: the settler settles on chain " + body.get("chainId").asLong() + " but " + rpcUrl
                        + " is chain " + client.chainId() + "; pass the right --chain-rpc-url");
                return EXIT_UNREACHABLE;
            }
            String token = RewardDistributorAbi.decodeAddress(client.call("token", distributor, RewardDistributorAbi.token()));
            BigInteger before = RewardTokenAbi.balanceOf(client, token, payout);
            out.println("sending claim from " + client.address() + " (pays the gas) to RewardDistributor " + distributor
                    + " and waiting for the receipt ...");
            TransactionReceipt r;
            try {
                r = client.send("claim", distributor, RewardDistributorAbi.claim(epoch, nodeId, payout, cumulative, digest, proofHex));
            } catch (ContractRevertException e) {
                err.println("proofmesh claim: the RewardDistributor refused the claim: " + e.error() + hint(e.errorName()));
                return EXIT_REFUSED;
            }
            BigInteger after = RewardTokenAbi.balanceOf(client, token, payout);
            BigInteger amount = r.getLogs().stream().map(RewardDistributorAbi::claimedEvent).flatMap(java.util.Optional::stream)
                    .map(RewardDistributorAbi.Claimed::amount).findFirst().orElse(after.subtract(before));
            out.println("claimed " + tokens(amount) + " (" + amount + " base units) for " + nodeId + " up to epoch " + epoch);
            out.println("payout " + payout + " balance: " + tokens(before) + " -> " + tokens(after));
            out.println("tx " + r.getTransactionHash() + " in block " + r.getBlockNumber() + ", gas used " + r.getGasUsed());
            return 0;
        } catch (UncheckedIOException e) {
            err.println("proofmesh claim: cannot reach the chain at " + rpcUrl + " (" + describe(e.getCause()) + "): start it "
                    + "(anvil runs in `proofmesh dev`) or pass --chain-rpc-url");
            return EXIT_UNREACHABLE;
        } finally {
            web3j.shutdown();
        }
    }

    private static String hint(String error) {
        return switch (error) {
            case "NothingToClaim" -> "; everything this node earned up to that epoch has already been claimed";
            case "ChallengeWindowOpen" -> "; the epoch's challenge window is still open, try again when it ends";
            case "EpochRevoked" -> "; governance revoked that epoch's root; wait for the settler to post it again";
            case "EnforcedPause" -> "; governance has paused the distributor";
            case "InvalidProof" -> "; the proof does not match the root on-chain (was the epoch revoked and re-posted?)";
            default -> "";
        };
    }

    /** Base units as tokens (18 decimals), e.g. {@code 12.5 PMR}. */
    static String tokens(BigInteger baseUnits) {
        return new BigDecimal(baseUnits, 18).stripTrailingZeros().toPlainString() + " tokens";
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof ConnectException ? "connection refused" : String.valueOf(root.getMessage() == null ? root : root.getMessage());
    }
}
