package io.proofmesh.contracts;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Utf8String;

/**
 * Call data of {@code RewardToken} (ERC-20, 18 decimals): {@link #balanceOf}, {@link #totalSupply}
 * (decode with {@link RewardDistributorAbi#decodeUint}) and the creation code.
 */
public final class RewardTokenAbi {

    /** MINTER_ROLE: held by the distributor. */
    public static final String MINTER_ROLE = org.web3j.crypto.Hash.sha3String("MINTER_ROLE");

    private RewardTokenAbi() {
    }

    /** Creation code: bytecode + {@code constructor(name, symbol, admin, minter)}. */
    public static String creationCode(String name, String symbol, String admin, String minter) {
        return ContractArtifact.load(ContractArtifact.REWARD_TOKEN).bytecode() + FunctionEncoder.encodeConstructor(List.of(
                new Utf8String(name), new Utf8String(symbol), new Address(admin), new Address(minter)));
    }

    public static String balanceOf(String account) {
        return RewardDistributorAbi.encode("balanceOf", new Address(account));
    }

    public static String totalSupply() {
        return RewardDistributorAbi.encode("totalSupply");
    }

    public static String hasRole(String role, String account) {
        return RewardDistributorAbi.hasRole(role, account);
    }

    /** Reads {@code balanceOf(account)} through {@code client}. */
    public static BigInteger balanceOf(ContractClient client, String token, String account) {
        return RewardDistributorAbi.decodeUint(client.call("balanceOf", token, balanceOf(account)));
    }

    /** Reads {@code totalSupply()} through {@code client}. */
    public static BigInteger totalSupply(ContractClient client, String token) {
        return RewardDistributorAbi.decodeUint(client.call("totalSupply", token, totalSupply()));
    }
}
