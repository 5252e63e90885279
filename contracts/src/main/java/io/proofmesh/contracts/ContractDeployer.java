package io.proofmesh.contracts;

import java.math.BigInteger;
import org.web3j.crypto.ContractUtils;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Deploys RewardToken and RewardDistributor with one key in two transactions (same block when the
 * chain allows): the token first, naming the distributor's future address (the deployer's next nonce)
 * as its only minter and governance as its admin; then the distributor, which grants governance
 * DEFAULT_ADMIN_ROLE + GOVERNANCE_ROLE and the settler SETTLER_ROLE in its constructor. The deployer
 * key keeps no role afterwards.
 */
public final class ContractDeployer {

    private final ContractClient client;

    /** @param client signs with the deployer key */
    public ContractDeployer(ContractClient client) {
        this.client = client;
    }

    /** The addresses a deployment from {@code deployer} starting at {@code nonce} will get: [token, distributor]. */
    public static String[] addressesAt(String deployer, BigInteger nonce) {
        return new String[] {
                ContractUtils.generateContractAddress(deployer, nonce).toLowerCase(java.util.Locale.ROOT),
                ContractUtils.generateContractAddress(deployer, nonce.add(BigInteger.ONE)).toLowerCase(java.util.Locale.ROOT)};
    }

    /** Deploys both contracts and waits for them; fails if any address differs from the predicted one. */
    public Deployment deploy(DeploymentParams params) {
        BigInteger nonce;
        try {
            nonce = client.web3j().ethGetTransactionCount(client.address(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the deployer's nonce: " + e.getMessage(), e);
        }
        String[] predicted = addressesAt(client.address(), nonce);
        String tokenTx = client.submit("deploy RewardToken",
                null, RewardTokenAbi.creationCode(params.tokenName(), params.tokenSymbol(), params.governance(), predicted[1]));
        String distributorTx = client.submit("deploy RewardDistributor", null, RewardDistributorAbi.creationCode(predicted[0],
                params.governance(), params.settler(), params.firstEpoch(), params.emissionCapPerEpoch(), params.challengeWindowSeconds()));
        TransactionReceipt token = client.await("deploy RewardToken", tokenTx);
        TransactionReceipt distributor = client.await("deploy RewardDistributor", distributorTx);
        if (!predicted[0].equalsIgnoreCase(token.getContractAddress()) || !predicted[1].equalsIgnoreCase(distributor.getContractAddress())) {
            throw new IllegalStateException("contracts landed at " + token.getContractAddress() + " / " + distributor.getContractAddress()
                    + " instead of " + predicted[0] + " / " + predicted[1] + ": did another process send from the deployer key meanwhile?");
        }
        return new Deployment(client.chainId(), predicted[0], predicted[1], params.governance().toLowerCase(java.util.Locale.ROOT),
                params.settler().toLowerCase(java.util.Locale.ROOT), params.firstEpoch(), params.emissionCapPerEpoch(),
                params.challengeWindowSeconds());
    }
}
