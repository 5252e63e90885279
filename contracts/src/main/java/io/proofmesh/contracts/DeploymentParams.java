package io.proofmesh.contracts;

import java.math.BigInteger;

/**
 * What a deployment of the reward contracts is configured with.
 *
 * @param governance          holds GOVERNANCE_ROLE and the admin roles of both contracts (revoke, pause)
 * @param settler             holds SETTLER_ROLE (postRoot)
 * @param firstEpoch          the first epoch a root may be posted for; the emission cap counts from it
 * @param emissionCapPerEpoch token base units: totalCumulative(e) ≤ cap × (e − firstEpoch + 1)
 * @param challengeWindowSeconds seconds after a post during which it may be revoked and not yet claimed
 */
public record DeploymentParams(
        String tokenName,
        String tokenSymbol,
        String governance,
        String settler,
        long firstEpoch,
        BigInteger emissionCapPerEpoch,
        long challengeWindowSeconds) {

    public DeploymentParams {
        if (firstEpoch < 0 || challengeWindowSeconds < 0 || emissionCapPerEpoch.signum() < 0) {
            throw new IllegalArgumentException("firstEpoch, emissionCapPerEpoch and challengeWindowSeconds must be >= 0");
        }
        if (emissionCapPerEpoch.bitLength() > 128) {
            throw new IllegalArgumentException("emissionCapPerEpoch must fit in 128 bits (the contract stores totals as uint128)");
        }
    }
}
