package io.proofmesh.settler.api;

import io.proofmesh.contracts.RewardDistributorAbi;
import io.proofmesh.settler.chain.ChainRpc;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The distributor's {@code Claimed} events summed per epoch argument, read with {@code eth_getLogs}
 * incrementally: each call scans only the blocks since the last one, in chunks a public RPC accepts.
 * Reorgs are not handled (a dev chain has none; a real deployment would scan only confirmed blocks).
 */
final class ClaimLog {

    private static final long CHUNK = 10_000;

    private final ChainRpc chain;
    private final String distributor;
    private final Map<Long, BigInteger> claimedByEpoch = new HashMap<>();
    private BigInteger total = BigInteger.ZERO;
    private long nextBlock = -1;

    ClaimLog(ChainRpc chain, String distributor) {
        this.chain = chain;
        this.distributor = distributor;
    }

    /**
     * Everything claimed up to the latest block: per epoch argument, and the total.
     *
     * @param firstRootBlock the block of the first root posted, if known (no claim can come before
     *                       it, so the first scan starts there instead of at block 0)
     */
    synchronized Snapshot refresh(OptionalLong firstRootBlock) {
        if (nextBlock < 0) {
            nextBlock = firstRootBlock.orElse(0);
        }
        long latest = chain.blockNumber();
        while (nextBlock <= latest) {
            long to = Math.min(latest, nextBlock + CHUNK - 1);
            for (Log log : chain.logs(distributor, RewardDistributorAbi.CLAIMED_TOPIC, nextBlock, to)) {
                RewardDistributorAbi.claimedEvent(log).ifPresent(c -> {
                    claimedByEpoch.merge(c.epoch(), c.amount(), BigInteger::add);
                    total = total.add(c.amount());
                });
            }
            nextBlock = to + 1;
        }
        return new Snapshot(Map.copyOf(claimedByEpoch), total, latest);
    }

    record Snapshot(Map<Long, BigInteger> byEpoch, BigInteger total, long block) {
        BigInteger of(long epoch) {
            return byEpoch.getOrDefault(epoch, BigInteger.ZERO);
        }
    }
}
