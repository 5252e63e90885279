package io.proofmesh.simulator.load;

import io.proofmesh.platform.crypto.MessageSigner;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated nodes of a load run: their keys and the next seq each will sign. Seqs only
 * grow across rounds, so a later round is never refused as {@code STALE_SEQ}.
 */
public final class LoadFleet {

    private final List<MessageSigner> nodes;
    private final long[] nextSeq;

    public LoadFleet(List<MessageSigner> nodes, long firstSeq) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one node");
        }
        this.nodes = List.copyOf(nodes);
        this.nextSeq = new long[nodes.size()];
        java.util.Arrays.fill(nextSeq, firstSeq);
    }

    /** {@code size} fresh keys; seqs start at the current time in ms (PROTOCOL.md §5: safe after restarts). */
    public static LoadFleet generate(int size) {
        List<MessageSigner> keys = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            keys.add(MessageSigner.generate());
        }
        return new LoadFleet(keys, System.currentTimeMillis());
    }

    public int size() {
        return nodes.size();
    }

    public MessageSigner node(int index) {
        return nodes.get(index);
    }

    public List<MessageSigner> nodes() {
        return nodes;
    }

    /** Reserves {@code count} consecutive seqs of a node and returns the first. */
    synchronized long reserveSeqs(int node, int count) {
        long first = nextSeq[node];
        nextSeq[node] += count;
        return first;
    }
}
