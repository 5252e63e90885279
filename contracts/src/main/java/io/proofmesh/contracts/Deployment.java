package io.proofmesh.contracts;

import java.math.BigInteger;

/**
 * Where the reward contracts live on one chain and how they were configured: what the settler, the
 * claim command and the audit need to talk to them.
 *
 * @param token       RewardToken address
 * @param distributor RewardDistributor address
 * @param emissionCapPerEpoch base units per epoch (see {@link DeploymentParams})
 * @param challengeWindowSeconds see {@link DeploymentParams}
 */
public record Deployment(
        long chainId,
        String token,
        String distributor,
        String governance,
        String settler,
        long firstEpoch,
        BigInteger emissionCapPerEpoch,
        long challengeWindowSeconds) {
}
