package io.proofmesh.scoring.merkle;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One leaf of an epoch's reward tree (PROTOCOL.md §14): what {@code RewardDistributor.claim}
 * proves. Encoded as OpenZeppelin's StandardMerkleTree encodes the types
 * {@code ["address","address","uint256","bytes32"]}.
 *
 * @param nodeId           lower-case 0x address of the node
 * @param payout           lower-case 0x address the reward is paid to
 * @param cumulativeAmount everything the node has been allocated up to and including the epoch, token base units
 * @param detailsDigest    the node's score details digest of the epoch (PROTOCOL §12.5), or 32 zero bytes
 */
public record RewardLeaf(String nodeId, String payout, BigInteger cumulativeAmount, byte[] detailsDigest) {

    /** abi.encode of the four fields: four 32-byte words. */
    public static final int ENCODED_LENGTH = 128;

    public RewardLeaf {
        HexAddress.require("nodeId", nodeId);
        HexAddress.require("payout", nodeId, payout);
        if (cumulativeAmount == null || cumulativeAmount.signum() < 0 || cumulativeAmount.bitLength() > 256) {
            throw new IllegalArgumentException("cumulativeAmount of " + nodeId + " must be a uint256, got " + cumulativeAmount);
        }
        if (detailsDigest == null || detailsDigest.length != 32) {
            throw new IllegalArgumentException("detailsDigest of " + nodeId + " must be 32 bytes, got "
                    + (detailsDigest == null ? "null" : detailsDigest.length + " bytes"));
        }
        detailsDigest = detailsDigest.clone();
    }

    @Override
    public byte[] detailsDigest() {
        return detailsDigest.clone();
    }

    /** abi.encode(address nodeId, address payout, uint256 cumulativeAmount, bytes32 detailsDigest). */
    public byte[] encoded() {
        byte[] out = new byte[ENCODED_LENGTH];
        encodeInto(out, 0);
        return out;
    }

    /** keccak256(keccak256(abi.encode(...))): OpenZeppelin's StandardMerkleTree leaf hash. */
    public byte[] hash() {
        byte[] out = new byte[32];
        hashInto(new byte[ENCODED_LENGTH], out, 0);
        return out;
    }

    /** The leaf hash written to dst[to, to+32), {@code scratch} being at least ENCODED_LENGTH bytes. */
    void hashInto(byte[] scratch, byte[] dst, int to) {
        encodeInto(scratch, 0);
        Keccak.hash(scratch, 0, ENCODED_LENGTH, scratch, 0);
        Keccak.hash(scratch, 0, 32, dst, to);
    }

    private void encodeInto(byte[] out, int off) {
        Arrays.fill(out, off, off + ENCODED_LENGTH, (byte) 0);
        HexAddress.writeBytes(nodeId, out, off + 12);
        HexAddress.writeBytes(payout, out, off + 44);
        writeUint256(cumulativeAmount, out, off + 64);
        System.arraycopy(detailsDigest, 0, out, off + 96, 32);
    }

    /** Big-endian uint256 into out[off, off+32) (already zeroed); amounts below 2^127 without allocating a byte array. */
    private static void writeUint256(BigInteger v, byte[] out, int off) {
        int bits = v.bitLength();
        if (bits < 64) {
            writeLong(v.longValue(), out, off + 24);
        } else if (bits < 128) {
            writeLong(v.longValue(), out, off + 24); // low 64 bits
            writeLong(v.shiftRight(64).longValue(), out, off + 16);
        } else {
            byte[] b = v.toByteArray(); // big-endian, maybe with a leading sign byte
            int len = Math.min(b.length, 32);
            System.arraycopy(b, b.length - len, out, off + 32 - len, len);
        }
    }

    private static void writeLong(long v, byte[] out, int off) {
        for (int i = 7; i >= 0; i--) {
            out[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RewardLeaf l && nodeId.equals(l.nodeId) && payout.equals(l.payout)
                && cumulativeAmount.equals(l.cumulativeAmount) && Arrays.equals(detailsDigest, l.detailsDigest);
    }

    @Override
    public int hashCode() {
        return nodeId.hashCode() * 31 + cumulativeAmount.hashCode();
    }

    @Override
    public String toString() {
        return "RewardLeaf[nodeId=" + nodeId + ", payout=" + payout + ", cumulativeAmount=" + cumulativeAmount
                + ", detailsDigest=0x" + HexFormat.of().formatHex(detailsDigest) + "]";
    }
}
