package io.proofmesh.scoring.reward;

import io.proofmesh.scoring.merkle.HexAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;

/**
 * The digests of an epoch's reward batch (PROTOCOL.md §14.5): keccak256 of ABI encodings, so
 * Solidity, cast or any Ethereum library recomputes them.
 */
public final class BatchDigest {

    /** The ABI types of {@link #input}'s tuple. */
    public static final String INPUT_TYPES = "(uint64,bytes32,bytes32[])";

    /** The ABI types of {@link #header}'s tuple (all static: 13 words). */
    public static final String HEADER_TYPES =
            "(uint64,bytes32,uint256,uint256,uint256,uint256,uint256,uint32,uint32,bytes32,bytes32,uint256,address)";

    private static final HexFormat HEX = HexFormat.of();

    private BatchDigest() {
    }

    /**
     * What the batch was computed from: keccak256(abi.encode(uint64 epoch, bytes32 policyHash,
     * bytes32[] scoresDigests)), one {@code EpochClosed.scoresDigest} per partition in partition order.
     */
    public static byte[] input(long epoch, byte[] policyHash, List<byte[]> partitionScoresDigests) {
        requireEpoch(epoch);
        if (partitionScoresDigests == null || partitionScoresDigests.isEmpty()) {
            throw new IllegalArgumentException("an input digest needs the scoresDigest of at least one partition");
        }
        List<Bytes32> digests = new ArrayList<>(partitionScoresDigests.size());
        for (int p = 0; p < partitionScoresDigests.size(); p++) {
            digests.add(new Bytes32(bytes32("scoresDigest of partition " + p, partitionScoresDigests.get(p))));
        }
        return keccakOfAbi(List.of(new Uint64(BigInteger.valueOf(epoch)), new Bytes32(bytes32("policyHash", policyHash)),
                new DynamicArray<>(Bytes32.class, digests)));
    }

    /**
     * The batch header digest posted on-chain as {@code batchDigest}: keccak256(abi.encode(uint64 epoch,
     * bytes32 merkleRoot, uint256 emission, uint256 carriedIn, uint256 carriedOut, uint256 totalAmount,
     * uint256 totalCumulative, uint32 nodeCount, uint32 paidCount, bytes32 inputDigest, bytes32 policyHash,
     * uint256 chainId, address distributor)).
     */
    public static byte[] header(long epoch, byte[] merkleRoot, BigInteger emission, BigInteger carriedIn, BigInteger carriedOut,
            BigInteger totalAmount, BigInteger totalCumulative, int nodeCount, int paidCount, byte[] inputDigest,
            byte[] policyHash, long chainId, String distributorAddress) {
        requireEpoch(epoch);
        if (nodeCount < 0 || paidCount < 0 || paidCount > nodeCount) {
            throw new IllegalArgumentException("need 0 <= paidCount <= nodeCount, got paidCount " + paidCount
                    + ", nodeCount " + nodeCount);
        }
        if (chainId < 1) {
            throw new IllegalArgumentException("chainId must be >= 1, got " + chainId);
        }
        HexAddress.require("distributorAddress", distributorAddress);
        List<Type> values = List.of(
                new Uint64(BigInteger.valueOf(epoch)),
                new Bytes32(bytes32("merkleRoot", merkleRoot)),
                new Uint256(Amounts.requireNonNegative("emission", emission)),
                new Uint256(Amounts.requireNonNegative("carriedIn", carriedIn)),
                new Uint256(Amounts.requireNonNegative("carriedOut", carriedOut)),
                new Uint256(Amounts.requireNonNegative("totalAmount", totalAmount)),
                new Uint256(Amounts.requireNonNegative("totalCumulative", totalCumulative)),
                new Uint32(nodeCount),
                new Uint32(paidCount),
                new Bytes32(bytes32("inputDigest", inputDigest)),
                new Bytes32(bytes32("policyHash", policyHash)),
                new Uint256(BigInteger.valueOf(chainId)),
                new Address(distributorAddress));
        return keccakOfAbi(values);
    }

    private static void requireEpoch(long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
    }

    private static byte[] bytes32(String what, byte[] value) {
        if (value == null || value.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + (value == null ? "null" : value.length + " bytes"));
        }
        return value;
    }

    @SuppressWarnings("rawtypes")
    private static byte[] keccakOfAbi(List<Type> values) {
        return Hash.sha3(HEX.parseHex(new DefaultFunctionEncoder().encodeParameters(values)));
    }
}
