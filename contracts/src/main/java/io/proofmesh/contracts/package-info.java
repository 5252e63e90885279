/** RewardToken and RewardDistributor: compiled artifacts (ABI, bytecode) and the Java calls that deploy and use them. */
package io.proofmesh.contracts;
