package io.proofmesh.simulator.fleet;

import io.proofmesh.platform.crypto.Keccak256;
import io.proofmesh.platform.crypto.MessageSigner;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Node keys derived from a seed: key(i) = keccak256(tag ‖ seed ‖ i) reduced into [1, n-1]. The
 * same seed gives the same fleet, so a rerun finds its nodes already registered. These keys are
 * for simulation only: anyone who knows the seed knows every key.
 */
public final class FleetKeys {

    private static final BigInteger N = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    private FleetKeys() {
    }

    /** Node {@code index}'s own key; its address is the nodeId. */
    public static MessageSigner nodeKey(long seed, int index) {
        return MessageSigner.fromPrivateKey(derive("proofmesh-sim-node", seed, index));
    }

    /** A key that is not node {@code index}'s: what a forger signs with. */
    public static MessageSigner impostorKey(long seed, int index) {
        return MessageSigner.fromPrivateKey(derive("proofmesh-sim-impostor", seed, index));
    }

    static BigInteger derive(String tag, long seed, int index) {
        byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
        byte[] h = Keccak256.hash(ByteBuffer.allocate(t.length + 12).put(t).putLong(seed).putInt(index).array());
        return new BigInteger(1, h).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    }
}
