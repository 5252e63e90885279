package io.proofmesh.settler.chain;

import java.math.BigInteger;

/** What the RewardDistributor holds for an epoch (all zero if nothing was posted). */
public record OnChainRoot(byte[] root, BigInteger totalCumulative, byte[] batchDigest, long postedAt, boolean revoked) {

    public boolean posted() {
        return postedAt != 0;
    }
}
