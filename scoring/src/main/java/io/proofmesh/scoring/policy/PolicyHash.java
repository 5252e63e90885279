package io.proofmesh.scoring.policy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;

/**
 * A policy's identity and the message governance signs (PROTOCOL.md §11).
 *
 * <p>The content hash is {@code keccak256(abi.encode(...))} of every content field in the order of
 * {@link #CONTENT_TYPES} — the encoding Solidity, cast and every Ethereum library share, so anyone
 * can recompute it without this code. The signing digest binds that hash to one deployment
 * (DESIGN.md "Signatures are bound to the network"): a policy signed for a testnet is worthless on
 * mainnet.
 */
public final class PolicyHash {

    /** The ABI types of the hashed tuple, in order (cast: {@code cast abi-encode "f<CONTENT_TYPES>" ...}). */
    public static final String CONTENT_TYPES =
            "(string,uint64,uint32,(uint64,uint32)[],uint32,uint32,uint32,uint64,uint64,uint32,uint256,uint64)";

    /** The ABI types of the signed tuple: (tag, network name, chain id, policy hash). */
    public static final String SIGNING_TYPES = "(string,string,uint256,bytes32)";

    /** First element of the signed tuple: names what is signed, so the digest can pass for nothing else. */
    public static final String SIGNING_TAG = "proofmesh.policy.v1";

    private static final HexFormat HEX = HexFormat.of();

    private PolicyHash() {
    }

    /** {@code abi.encode} of the policy's content, in {@link #CONTENT_TYPES} order. */
    public static byte[] contentEncoding(ScoringPolicy p) {
        List<StaticStruct> tiers = p.latencyTiers().stream()
                .map(t -> new StaticStruct(new Uint64(t.maxMicros()), new Uint32(t.ppm())))
                .toList();
        List<Type> values = List.of(
                new Utf8String(p.policyVersion()),
                uint64("effectiveFromEpoch", p.effectiveFromEpoch()),
                new Uint32(p.heartbeatIntervalSeconds()),
                new DynamicArray<>(StaticStruct.class, tiers),
                new Uint32(p.minUptimePpm()),
                new Uint32(p.availabilityWeightPpm()),
                new Uint32(p.workWeightPpm()),
                uint64("reputationPriorAlphaPpm", p.reputationPriorAlphaPpm()),
                uint64("reputationPriorBetaPpm", p.reputationPriorBetaPpm()),
                new Uint32(p.reputationDecayPpm()),
                new Uint256(p.emissionPerEpoch()),
                uint64("publishedAt", p.publishedAtMillis()));
        return HEX.parseHex(new DefaultFunctionEncoder().encodeParameters(values));
    }

    /** The policy's content hash: keccak256 of {@link #contentEncoding}, 32 bytes. */
    public static byte[] of(ScoringPolicy p) {
        return Hash.sha3(contentEncoding(p));
    }

    /** {@code 0x} + 64 lower-case hex digits: the record key on {@code config.scoring-policy}. */
    public static String hex(byte[] hash) {
        return "0x" + HEX.formatHex(hash);
    }

    /** The 32 bytes of a {@code 0x} + 64 hex digit string (either case); IllegalArgumentException otherwise. */
    public static byte[] parseHex(String hex) {
        if (hex == null || !hex.matches("0x[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a policy hash is 0x + 64 hex digits, got " + hex);
        }
        return HEX.parseHex(hex.substring(2));
    }

    /**
     * What governance signs with EIP-191 {@code personal_sign} (the 32 digest bytes are the message):
     * keccak256(abi.encode(string "proofmesh.policy.v1", string networkName, uint256 chainId, bytes32 policyHash)).
     */
    public static byte[] signingDigest(byte[] policyHash, String networkName, long chainId) {
        if (policyHash == null || policyHash.length != 32) {
            throw new IllegalArgumentException("a policy hash is 32 bytes");
        }
        if (networkName == null || networkName.isEmpty()) {
            throw new IllegalArgumentException("networkName must not be empty");
        }
        if (chainId < 1) {
            throw new IllegalArgumentException("chainId must be >= 1, got " + chainId);
        }
        List<Type> values = List.of(
                new Utf8String(SIGNING_TAG),
                new Utf8String(networkName),
                new Uint256(BigInteger.valueOf(chainId)),
                new Bytes32(policyHash));
        return Hash.sha3(HEX.parseHex(new DefaultFunctionEncoder().encodeParameters(values)));
    }

    private static Uint64 uint64(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0 to be hashed as uint64, got " + value);
        }
        return new Uint64(value);
    }
}
