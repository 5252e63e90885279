package io.proofmesh.contracts;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Call data, view results and events of {@code RewardDistributor} (PROTOCOL.md §15), as plain hex
 * strings for {@link ContractClient}: no generated wrapper.
 *
 * <p>Transactions: {@link #postRoot} (settler), {@link #revoke}, {@link #pause}, {@link #unpause}
 * (governance), {@link #claim} (anyone). Views: {@link #roots}/{@link #decodeRoot},
 * {@link #claimed}, {@link #lastPostedEpoch}, {@link #hasPostedRoot}, {@link #totalCumulative},
 * {@link #challengeWindow}, {@link #emissionCapPerEpoch}, {@link #firstEpoch}, {@link #token},
 * {@link #paused}, {@link #hasRole}; decode single values with {@link #decodeUint},
 * {@link #decodeBool}, {@link #decodeAddress}. Events: {@link #rootPosted}, {@link #rootRevoked},
 * {@link #claimedEvent} decode one log each (empty if the log is another event). Hashes (bytes32)
 * are 0x-hex strings of 64 digits; addresses 0x-hex.
 */
public final class RewardDistributorAbi {

    /** Role ids, for {@link #hasRole}. */
    public static final String GOVERNANCE_ROLE = org.web3j.crypto.Hash.sha3String("GOVERNANCE_ROLE");
    public static final String SETTLER_ROLE = org.web3j.crypto.Hash.sha3String("SETTLER_ROLE");
    public static final String DEFAULT_ADMIN_ROLE = "0x" + "0".repeat(64);

    /** {@code roots(epoch)}: all zero if never posted; a revoked root keeps its values with revoked = true. */
    public record EpochRoot(String root, BigInteger totalCumulative, String batchDigest, long postedAt, boolean revoked) {
        public boolean posted() {
            return postedAt != 0;
        }
    }

    /** {@code RootPosted(uint64 indexed epoch, bytes32 root, uint256 totalCumulative, uint256 minted, bytes32 batchDigest)}. */
    public record RootPosted(long epoch, String root, BigInteger totalCumulative, BigInteger minted, String batchDigest,
                             String txHash, BigInteger blockNumber) { }

    /** {@code RootRevoked(uint64 indexed epoch, bytes32 root, uint256 burned, string reason)}. */
    public record RootRevoked(long epoch, String root, BigInteger burned, String reason, String txHash, BigInteger blockNumber) { }

    /** {@code Claimed(uint64 indexed epoch, address indexed nodeId, address indexed payout, uint256 amount, uint256 cumulativeAmount)}. */
    public record Claimed(long epoch, String nodeId, String payout, BigInteger amount, BigInteger cumulativeAmount,
                          String txHash, BigInteger blockNumber) { }

    private static final TypeReference<Uint64> UINT64 = new TypeReference<>(true) { };
    private static final TypeReference<Address> ADDRESS_INDEXED = new TypeReference<>(true) { };
    private static final TypeReference<Bytes32> BYTES32 = new TypeReference<>() { };
    private static final TypeReference<Uint256> UINT256 = new TypeReference<>() { };
    private static final TypeReference<Utf8String> STRING = new TypeReference<>() { };

    public static final Event ROOT_POSTED = new Event("RootPosted", List.of(UINT64, BYTES32, UINT256, UINT256, BYTES32));
    public static final Event ROOT_REVOKED = new Event("RootRevoked", List.of(UINT64, BYTES32, UINT256, STRING));
    public static final Event CLAIMED = new Event("Claimed", List.of(UINT64, ADDRESS_INDEXED, ADDRESS_INDEXED, UINT256, UINT256));

    /** topic0 of each event, for eth_getLogs filters. */
    public static final String ROOT_POSTED_TOPIC = EventEncoder.encode(ROOT_POSTED);
    public static final String ROOT_REVOKED_TOPIC = EventEncoder.encode(ROOT_REVOKED);
    public static final String CLAIMED_TOPIC = EventEncoder.encode(CLAIMED);

    private RewardDistributorAbi() {
    }

    // ---- constructor ----

    /** Creation code: bytecode + {@code constructor(token, governance, settler, firstEpoch, emissionCapPerEpoch, challengeWindowSeconds)}. */
    public static String creationCode(String token, String governance, String settler, long firstEpoch,
                                      BigInteger emissionCapPerEpoch, long challengeWindowSeconds) {
        return ContractArtifact.load(ContractArtifact.REWARD_DISTRIBUTOR).bytecode() + FunctionEncoder.encodeConstructor(List.of(
                new Address(token), new Address(governance), new Address(settler), new Uint64(firstEpoch),
                new Uint256(emissionCapPerEpoch), new Uint64(challengeWindowSeconds)));
    }

    // ---- transactions ----

    public static String postRoot(long epoch, String root, BigInteger totalCumulative, String batchDigest) {
        return encode("postRoot", new Uint64(epoch), bytes32(root), new Uint256(totalCumulative), bytes32(batchDigest));
    }

    public static String revoke(long epoch, String reason) {
        return encode("revoke", new Uint64(epoch), new Utf8String(reason));
    }

    /** @param proof sibling hashes from leaf to root (OZ StandardMerkleTree {@code getProof}) */
    public static String claim(long epoch, String nodeId, String payout, BigInteger cumulativeAmount, String detailsDigest,
                               List<String> proof) {
        List<Bytes32> siblings = new ArrayList<>(proof.size());
        proof.forEach(p -> siblings.add(bytes32(p)));
        return encode("claim", new Uint64(epoch), new Address(nodeId), new Address(payout), new Uint256(cumulativeAmount),
                bytes32(detailsDigest), new DynamicArray<>(Bytes32.class, siblings));
    }

    public static String pause() {
        return encode("pause");
    }

    public static String unpause() {
        return encode("unpause");
    }

    // ---- views ----

    public static String roots(long epoch) {
        return encode("roots", new Uint64(epoch));
    }

    public static String claimed(String nodeId) {
        return encode("claimed", new Address(nodeId));
    }

    public static String lastPostedEpoch() {
        return encode("lastPostedEpoch");
    }

    public static String hasPostedRoot() {
        return encode("hasPostedRoot");
    }

    public static String totalCumulative() {
        return encode("totalCumulative");
    }

    public static String challengeWindow() {
        return encode("challengeWindow");
    }

    public static String emissionCapPerEpoch() {
        return encode("emissionCapPerEpoch");
    }

    public static String firstEpoch() {
        return encode("firstEpoch");
    }

    public static String token() {
        return encode("token");
    }

    public static String paused() {
        return encode("paused");
    }

    public static String hasRole(String role, String account) {
        return encode("hasRole", bytes32(role), new Address(account));
    }

    /** Result of {@link #roots}. */
    public static EpochRoot decodeRoot(String result) {
        List<Type> v = FunctionReturnDecoder.decode(result, List.of(
                cast(BYTES32), cast(UINT256), cast(BYTES32), cast(new TypeReference<Uint64>() { }), cast(new TypeReference<Bool>() { })));
        return new EpochRoot(hex((byte[]) v.get(0).getValue()), (BigInteger) v.get(1).getValue(), hex((byte[]) v.get(2).getValue()),
                ((BigInteger) v.get(3).getValue()).longValueExact(), (Boolean) v.get(4).getValue());
    }

    /** A single uint result (claimed, lastPostedEpoch, totalCumulative, challengeWindow, emissionCapPerEpoch, firstEpoch). */
    public static BigInteger decodeUint(String result) {
        return (BigInteger) FunctionReturnDecoder.decode(result, List.of(cast(UINT256))).get(0).getValue();
    }

    public static boolean decodeBool(String result) {
        return (Boolean) FunctionReturnDecoder.decode(result, List.of(cast(new TypeReference<Bool>() { }))).get(0).getValue();
    }

    public static String decodeAddress(String result) {
        return (String) FunctionReturnDecoder.decode(result, List.of(cast(new TypeReference<Address>() { }))).get(0).getValue();
    }

    // ---- events ----

    public static Optional<RootPosted> rootPosted(Log log) {
        if (!isEvent(log, ROOT_POSTED_TOPIC)) {
            return Optional.empty();
        }
        List<Type> d = FunctionReturnDecoder.decode(log.getData(), ROOT_POSTED.getNonIndexedParameters());
        return Optional.of(new RootPosted(topicUint(log, 1), hex((byte[]) d.get(0).getValue()), (BigInteger) d.get(1).getValue(),
                (BigInteger) d.get(2).getValue(), hex((byte[]) d.get(3).getValue()), log.getTransactionHash(), log.getBlockNumber()));
    }

    public static Optional<RootRevoked> rootRevoked(Log log) {
        if (!isEvent(log, ROOT_REVOKED_TOPIC)) {
            return Optional.empty();
        }
        List<Type> d = FunctionReturnDecoder.decode(log.getData(), ROOT_REVOKED.getNonIndexedParameters());
        return Optional.of(new RootRevoked(topicUint(log, 1), hex((byte[]) d.get(0).getValue()), (BigInteger) d.get(1).getValue(),
                (String) d.get(2).getValue(), log.getTransactionHash(), log.getBlockNumber()));
    }

    public static Optional<Claimed> claimedEvent(Log log) {
        if (!isEvent(log, CLAIMED_TOPIC)) {
            return Optional.empty();
        }
        List<Type> d = FunctionReturnDecoder.decode(log.getData(), CLAIMED.getNonIndexedParameters());
        return Optional.of(new Claimed(topicUint(log, 1), topicAddress(log, 2), topicAddress(log, 3),
                (BigInteger) d.get(0).getValue(), (BigInteger) d.get(1).getValue(), log.getTransactionHash(), log.getBlockNumber()));
    }

    // ---- helpers ----

    static String encode(String name, Type<?>... args) {
        return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
    }

    static Bytes32 bytes32(String hex) {
        byte[] b = Numeric.hexStringToByteArray(hex);
        if (b.length != 32) {
            throw new IllegalArgumentException("expected 32 bytes (64 hex digits), got " + b.length + ": " + hex);
        }
        return new Bytes32(b);
    }

    static boolean isEvent(Log log, String topic0) {
        return !log.getTopics().isEmpty() && log.getTopics().get(0).equalsIgnoreCase(topic0);
    }

    private static long topicUint(Log log, int i) {
        return Numeric.toBigInt(log.getTopics().get(i)).longValueExact();
    }

    private static String topicAddress(Log log, int i) {
        return "0x" + Numeric.cleanHexPrefix(log.getTopics().get(i)).substring(24).toLowerCase(Locale.ROOT);
    }

    static String hex(byte[] b) {
        return Numeric.toHexString(b);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static TypeReference<Type> cast(TypeReference<?> ref) {
        return (TypeReference) ref;
    }
}
