package io.proofmesh.scoring.score;

import io.proofmesh.schemas.scores.NodeEpochScore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Digests of scores (PROTOCOL.md, "Scores"): the details digest of one node's breakdown
 * (keccak256 of its ABI encoding, the Merkle leaf's detailsDigest) and the digest of a
 * partition's scores of an epoch carried by {@code epochs.closed}, so the settler and the audit
 * can tell they read exactly the scores the processor closed.
 */
public final class ScoreDigest {

    private ScoreDigest() {}

    /**
     * keccak256(abi.encode(uint64 epoch, address nodeId, bytes32 policyHash, uint32 slotsCovered,
     * uint32 slotsTotal, uint32 heartbeatsCounted, uint32 uptimePpm, uint32 probesOk, uint32 probesFailed,
     * uint32 latencyPpm, uint32 jobsOk, uint32 jobsFailed, uint32 jobsExpired, uint64 gpuMs,
     * uint32 verifiedMatch, uint32 verifiedMismatch, uint32 workPpm, uint64 priorAlphaPpm,
     * uint64 priorBetaPpm, uint64 alphaPpm, uint64 betaPpm, uint32 reputationPpm,
     * uint32 availabilityScorePpm, uint32 workScorePpm, uint32 scorePpm, bool eligible)).
     */
    public static byte[] details(NodeEpochScore s) {
        List<Type> fields = List.of(
                u64(s.getEpoch()),
                new Address(s.getNodeId()),
                new Bytes32(s.getPolicyHash().bytes()),
                u32(s.getUptime().getSlotsCovered()),
                u32(s.getUptime().getSlotsTotal()),
                u32(s.getUptime().getHeartbeatsCounted()),
                u32(s.getUptime().getUptimePpm()),
                u32(s.getLatency().getProbesOk()),
                u32(s.getLatency().getProbesFailed()),
                u32(s.getLatency().getLatencyPpm()),
                u32(s.getWork().getJobsOk()),
                u32(s.getWork().getJobsFailed()),
                u32(s.getWork().getJobsExpired()),
                u64(s.getWork().getGpuMs()),
                u32(s.getWork().getVerifiedMatch()),
                u32(s.getWork().getVerifiedMismatch()),
                u32(s.getWork().getWorkPpm()),
                u64(s.getReputation().getPriorAlphaPpm()),
                u64(s.getReputation().getPriorBetaPpm()),
                u64(s.getReputation().getAlphaPpm()),
                u64(s.getReputation().getBetaPpm()),
                u32(s.getReputation().getReputationPpm()),
                u32(s.getAvailabilityScorePpm()),
                u32(s.getWorkScorePpm()),
                u32(s.getScorePpm()),
                new Bool(s.getEligible()));
        return keccakOfAbi(fields);
    }

    /**
     * keccak256(abi.encode(uint64 epoch, uint32 partition, bytes32[] details)) with one details
     * digest per score, ordered by nodeId.
     */
    public static byte[] partition(long epoch, int partition, List<NodeEpochScore> scores) {
        List<NodeEpochScore> ordered = new ArrayList<>(scores);
        ordered.sort(Comparator.comparing(NodeEpochScore::getNodeId));
        List<Bytes32> leaves = new ArrayList<>(ordered.size());
        for (NodeEpochScore s : ordered) {
            leaves.add(new Bytes32(details(s)));
        }
        return keccakOfAbi(List.of(u64(epoch), u32(partition), new DynamicArray<>(Bytes32.class, leaves)));
    }

    private static Uint64 u64(long v) {
        return new Uint64(BigInteger.valueOf(v));
    }

    private static Uint32 u32(long v) {
        return new Uint32(BigInteger.valueOf(v));
    }

    @SuppressWarnings("rawtypes")
    private static byte[] keccakOfAbi(List<Type> values) {
        String encoded = new DefaultFunctionEncoder().encodeParameters(values);
        return Hash.sha3(Numeric.hexStringToByteArray(encoded));
    }
}
