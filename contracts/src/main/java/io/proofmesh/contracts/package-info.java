/**
 * RewardToken and RewardDistributor (PROTOCOL.md §15): compiled artifacts (ABI, bytecode) and the Java
 * calls that deploy and use them, without generated wrappers.
 *
 * <ul>
 *   <li>{@link io.proofmesh.contracts.ContractArtifact}: the solc-js output on the classpath;</li>
 *   <li>{@link io.proofmesh.contracts.RewardDistributorAbi}, {@link io.proofmesh.contracts.RewardTokenAbi}:
 *       call data, view results, events;</li>
 *   <li>{@link io.proofmesh.contracts.RevertDecoder}, {@link io.proofmesh.contracts.ContractRevertException}:
 *       reverts by custom-error name ({@code EpochNotIncreasing}, {@code NothingToClaim}, ...);</li>
 *   <li>{@link io.proofmesh.contracts.ContractClient}: calls and signed transactions with one key;</li>
 *   <li>{@link io.proofmesh.contracts.RewardDistributorReader}: typed views and events over a block range;</li>
 *   <li>{@link io.proofmesh.contracts.ContractDeployer} → {@link io.proofmesh.contracts.Deployment};
 *       {@link io.proofmesh.contracts.DevDeployment}: the fixed-address deployment of a dev chain.</li>
 * </ul>
 *
 * <p>Typical settler use: {@code client.send("postRoot", d.distributor(), RewardDistributorAbi.postRoot(epoch, root, total, digest))},
 * catching {@link io.proofmesh.contracts.ContractRevertException} and switching on {@code errorName()}.
 */
package io.proofmesh.contracts;
