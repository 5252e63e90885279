package io.proofmesh.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Typed reads of one deployed RewardDistributor (and its token): the views of PROTOCOL.md §15 and its
 * events over a block range (eth_getLogs), for the settler's idempotency checks, the claim command
 * and the audit. Read-only: build it on a {@link ContractClient} with or without a key.
 */
public final class RewardDistributorReader {

    /** The distributor's events in a block range, each list in chain order. */
    public record Events(List<RewardDistributorAbi.RootPosted> posted, List<RewardDistributorAbi.RootRevoked> revoked,
                         List<RewardDistributorAbi.Claimed> claimed) { }

    private final ContractClient client;
    private final String distributor;
    private final String token;

    public RewardDistributorReader(ContractClient client, Deployment deployment) {
        this.client = client;
        this.distributor = deployment.distributor();
        this.token = deployment.token();
    }

    public RewardDistributorAbi.EpochRoot root(long epoch) {
        return RewardDistributorAbi.decodeRoot(client.call("roots(" + epoch + ")", distributor, RewardDistributorAbi.roots(epoch)));
    }

    public BigInteger claimed(String nodeId) {
        return uint("claimed", RewardDistributorAbi.claimed(nodeId));
    }

    /** The latest posted epoch, empty before the first post. */
    public Optional<Long> lastPostedEpoch() {
        boolean any = RewardDistributorAbi.decodeBool(client.call("hasPostedRoot", distributor, RewardDistributorAbi.hasPostedRoot()));
        return any ? Optional.of(uint("lastPostedEpoch", RewardDistributorAbi.lastPostedEpoch()).longValueExact()) : Optional.empty();
    }

    public BigInteger totalCumulative() {
        return uint("totalCumulative", RewardDistributorAbi.totalCumulative());
    }

    public boolean paused() {
        return RewardDistributorAbi.decodeBool(client.call("paused", distributor, RewardDistributorAbi.paused()));
    }

    /** The token balance of {@code account} (a payout, or the distributor: what is minted and not yet claimed). */
    public BigInteger balanceOf(String account) {
        return RewardTokenAbi.balanceOf(client, token, account);
    }

    public BigInteger totalSupply() {
        return RewardTokenAbi.totalSupply(client, token);
    }

    /** RootPosted, RootRevoked and Claimed logs of the distributor between two blocks (inclusive). */
    public Events events(BigInteger fromBlock, BigInteger toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(fromBlock), DefaultBlockParameter.valueOf(toBlock), distributor);
        EthLog response;
        try {
            response = client.web3j().ethGetLogs(filter).send();
        } catch (IOException e) {
            throw new UncheckedIOException("eth_getLogs failed: " + e.getMessage(), e);
        }
        if (response.hasError()) {
            throw new IllegalStateException("eth_getLogs " + fromBlock + ".." + toBlock + " failed: " + response.getError().getMessage());
        }
        List<RewardDistributorAbi.RootPosted> posted = new ArrayList<>();
        List<RewardDistributorAbi.RootRevoked> revoked = new ArrayList<>();
        List<RewardDistributorAbi.Claimed> claimed = new ArrayList<>();
        for (EthLog.LogResult<?> r : response.getLogs()) {
            Log log = (Log) r.get();
            RewardDistributorAbi.rootPosted(log).ifPresent(posted::add);
            RewardDistributorAbi.rootRevoked(log).ifPresent(revoked::add);
            RewardDistributorAbi.claimedEvent(log).ifPresent(claimed::add);
        }
        return new Events(List.copyOf(posted), List.copyOf(revoked), List.copyOf(claimed));
    }

    private BigInteger uint(String what, String data) {
        return RewardDistributorAbi.decodeUint(client.call(what, distributor, data));
    }
}
