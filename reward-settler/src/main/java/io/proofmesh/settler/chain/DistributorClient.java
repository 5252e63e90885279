package io.proofmesh.settler.chain;

import io.proofmesh.contracts.RevertDecoder;
import io.proofmesh.contracts.RewardDistributorAbi;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.utils.Numeric;

/** The RewardDistributor calls the settler makes, through the contracts module's encoders. */
public final class DistributorClient {

    private final ChainRpc chain;
    private final String address;

    public DistributorClient(ChainRpc chain, String address) {
        this.chain = chain;
        this.address = address;
    }

    public String address() {
        return address;
    }

    public String encodePostRoot(long epoch, byte[] root, BigInteger totalCumulative, byte[] batchDigest) {
        return RewardDistributorAbi.postRoot(epoch, Numeric.toHexString(root), totalCumulative, Numeric.toHexString(batchDigest));
    }

    public OnChainRoot root(long epoch) {
        RewardDistributorAbi.EpochRoot r = RewardDistributorAbi.decodeRoot(call(RewardDistributorAbi.roots(epoch), "roots"));
        return new OnChainRoot(Numeric.hexStringToByteArray(r.root()), r.totalCumulative(),
                Numeric.hexStringToByteArray(r.batchDigest()), r.postedAt(), r.revoked());
    }

    public long firstEpoch() {
        return RewardDistributorAbi.decodeUint(call(RewardDistributorAbi.firstEpoch(), "firstEpoch")).longValueExact();
    }

    /** Seconds after a post during which the root may be revoked and not yet claimed. */
    public long challengeWindow() {
        return RewardDistributorAbi.decodeUint(call(RewardDistributorAbi.challengeWindow(), "challengeWindow")).longValueExact();
    }

    public BigInteger claimed(String nodeId) {
        return RewardDistributorAbi.decodeUint(call(RewardDistributorAbi.claimed(nodeId), "claimed"));
    }

    /** The contract's custom error for revert data, e.g. "EmissionCapExceeded(…)". */
    public Optional<String> errorName(String revertData) {
        return Optional.of(RevertDecoder.standard().decode(revertData).toString());
    }

    private String call(String data, String what) {
        String result = chain.ethCall(address, data);
        if (result == null || result.equals("0x")) {
            throw new IllegalStateException("no RewardDistributor at " + address + " (" + what + "() gave no answer); check "
                    + "settler.distributor-address and chain.rpc-url");
        }
        return result;
    }
}
