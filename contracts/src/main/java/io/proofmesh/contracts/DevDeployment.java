package io.proofmesh.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

/**
 * The reward contracts of a local dev chain (the DevStack's anvil), deployed idempotently at fixed
 * addresses: the deployer is anvil's account #0 on a fresh chain, so the token is always at
 * {@link #TOKEN} (nonce 0) and the distributor at {@link #DISTRIBUTOR} (nonce 1). Governance is
 * anvil account #9 ({@code 0xa0ee7a14…79720}, the dev governance key that also signs scoring
 * policies), the settler anvil account #1.
 *
 * <p>These keys are anvil's published test keys: everybody knows them, so they are for local chains
 * only; a real deployment uses {@link ContractDeployer} with its own keys.
 *
 * <p>{@link #ensureDeployed} deploys only when the distributor's address holds no code, and otherwise
 * checks that both addresses hold our compiled code with the asked-for parameters, so a dev stack
 * restarted with its chain state keeps its contracts.
 */
public final class DevDeployment {

    // anvil's well-known test keys (mnemonic "test test … junk"); never trust them outside a dev chain.
    private static final String DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String SETTLER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private static final String GOVERNANCE_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";

    /** anvil account #0. */
    public static final String DEPLOYER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    /** anvil account #1. */
    public static final String SETTLER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    /** anvil account #9, the dev governance key. */
    public static final String GOVERNANCE = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720";
    /** RewardToken: the deployer's nonce 0. */
    public static final String TOKEN = ContractDeployer.addressesAt(DEPLOYER, BigInteger.ZERO)[0];
    /** RewardDistributor: the deployer's nonce 1. */
    public static final String DISTRIBUTOR = ContractDeployer.addressesAt(DEPLOYER, BigInteger.ZERO)[1];

    public static final String TOKEN_NAME = "proofmesh Reward (dev)";
    public static final String TOKEN_SYMBOL = "PMR";

    private DevDeployment() {
    }

    public static Credentials deployerCredentials() {
        return Credentials.create(DEPLOYER_KEY);
    }

    /** The settler's dev key (anvil #1): the settler posts roots with it on a dev stack. */
    public static Credentials settlerCredentials() {
        return Credentials.create(SETTLER_KEY);
    }

    /** The governance dev key (anvil #9): revoke and pause on a dev stack. */
    public static Credentials governanceCredentials() {
        return Credentials.create(GOVERNANCE_KEY);
    }

    /** Dev parameters: the dev governance and settler with the given epoch, cap and window. */
    public static DeploymentParams params(long firstEpoch, BigInteger emissionCapPerEpoch, long challengeWindowSeconds) {
        return new DeploymentParams(TOKEN_NAME, TOKEN_SYMBOL, GOVERNANCE, SETTLER, firstEpoch, emissionCapPerEpoch, challengeWindowSeconds);
    }

    /** {@link #ensureDeployed(String, DeploymentParams, Consumer)} without progress output. */
    public static Deployment ensureDeployed(String rpcUrl, DeploymentParams params) {
        return ensureDeployed(rpcUrl, params, msg -> { });
    }

    /**
     * Deploys the contracts at {@link #TOKEN} / {@link #DISTRIBUTOR} unless they are there already.
     *
     * @param params must name {@link #GOVERNANCE} and {@link #SETTLER} (see {@link #params})
     * @throws IllegalStateException if the addresses hold other code or other parameters, or account #0
     *         already sent transactions on a chain without the contracts (the addresses would differ):
     *         the message says to wipe the dev chain
     */
    public static Deployment ensureDeployed(String rpcUrl, DeploymentParams params, Consumer<String> progress) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            ContractClient client = ContractClient.connect(web3j, deployerCredentials());
            String code = web3j.ethGetCode(DISTRIBUTOR, DefaultBlockParameterName.LATEST).send().getCode();
            if (code == null || code.equals("0x") || code.isEmpty()) {
                BigInteger nonce = web3j.ethGetTransactionCount(DEPLOYER, DefaultBlockParameterName.PENDING).send().getTransactionCount();
                if (nonce.signum() != 0) {
                    throw new IllegalStateException("the dev reward contracts are not at " + DISTRIBUTOR + " and anvil account #0 ("
                            + DEPLOYER + ") has already sent " + nonce + " transaction(s) on " + rpcUrl
                            + ", so they cannot land at their fixed addresses: start the dev stack with a wiped chain");
                }
                progress.accept("deploying RewardToken and RewardDistributor to " + rpcUrl + " ...");
                Deployment d = new ContractDeployer(client).deploy(params);
                progress.accept("reward contracts deployed: token " + d.token() + ", distributor " + d.distributor());
                return d;
            }
            Deployment d = verify(client, params);
            progress.accept("reward contracts already deployed: token " + d.token() + ", distributor " + d.distributor());
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the chain at " + rpcUrl + ": " + e.getMessage(), e);
        } finally {
            web3j.shutdown();
        }
    }

    private static Deployment verify(ContractClient client, DeploymentParams params) throws IOException {
        Web3j web3j = client.web3j();
        String distributorCode = web3j.ethGetCode(DISTRIBUTOR, DefaultBlockParameterName.LATEST).send().getCode();
        String tokenCode = web3j.ethGetCode(TOKEN, DefaultBlockParameterName.LATEST).send().getCode();
        if (!ContractArtifact.load(ContractArtifact.REWARD_DISTRIBUTOR).matchesRuntimeCode(distributorCode)
                || !ContractArtifact.load(ContractArtifact.REWARD_TOKEN).matchesRuntimeCode(tokenCode)) {
            throw new IllegalStateException("the code at " + TOKEN + " / " + DISTRIBUTOR + " is not this build's RewardToken / "
                    + "RewardDistributor (an older build deployed them?): start the dev stack with a wiped chain");
        }
        long firstEpoch = view(client, RewardDistributorAbi.firstEpoch()).longValueExact();
        BigInteger cap = view(client, RewardDistributorAbi.emissionCapPerEpoch());
        long window = view(client, RewardDistributorAbi.challengeWindow()).longValueExact();
        String token = RewardDistributorAbi.decodeAddress(client.call("token", DISTRIBUTOR, RewardDistributorAbi.token()));
        boolean roles = hasRole(client, RewardDistributorAbi.GOVERNANCE_ROLE, params.governance())
                && hasRole(client, RewardDistributorAbi.SETTLER_ROLE, params.settler());
        if (firstEpoch != params.firstEpoch() || !cap.equals(params.emissionCapPerEpoch())
                || window != params.challengeWindowSeconds() || !token.equalsIgnoreCase(TOKEN) || !roles) {
            throw new IllegalStateException("the dev RewardDistributor at " + DISTRIBUTOR + " was deployed with firstEpoch " + firstEpoch
                    + ", emissionCapPerEpoch " + cap + ", challengeWindow " + window + " s (asked: " + params.firstEpoch() + ", "
                    + params.emissionCapPerEpoch() + ", " + params.challengeWindowSeconds() + " s, governance "
                    + params.governance() + ", settler " + params.settler() + "): start the dev stack with a wiped chain");
        }
        return new Deployment(client.chainId(), TOKEN, DISTRIBUTOR, params.governance().toLowerCase(Locale.ROOT),
                params.settler().toLowerCase(Locale.ROOT), firstEpoch, cap, window);
    }

    private static BigInteger view(ContractClient client, String data) {
        return RewardDistributorAbi.decodeUint(client.call("view", DISTRIBUTOR, data));
    }

    private static boolean hasRole(ContractClient client, String role, String account) {
        return RewardDistributorAbi.decodeBool(client.call("hasRole", DISTRIBUTOR, RewardDistributorAbi.hasRole(role, account)));
    }
}
