package io.proofmesh.settler.api;

import io.proofmesh.settler.chain.ChainRpc;
import io.proofmesh.settler.chain.DistributorClient;
import io.proofmesh.settler.chain.OnChainRoot;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Which epochs may be claimed, asked of the chain: an epoch is final when its root is posted, not
 * revoked, equal to its batch's root, and {@code challengeWindow()} seconds have passed since
 * {@code postedAt} by the latest block's timestamp (the contract's clock, not ours).
 */
final class Finality {

    private final ChainRpc chain;
    private final DistributorClient distributor;
    private volatile long window = -1;

    Finality(ChainRpc chain, DistributorClient distributor) {
        this.chain = chain;
        this.distributor = distributor;
    }

    /** The chain's view of one epoch at the latest block. */
    record Status(long epoch, OnChainRoot root, boolean rootMatches, long finalAt, long now) {

        boolean posted() {
            return root.posted() && !root.revoked();
        }

        boolean isFinal() {
            return posted() && rootMatches && now >= finalAt;
        }

        /** "FINAL", "CHALLENGE_WINDOW", "REVOKED", "ROOT_MISMATCH" or "NOT_POSTED". */
        String state() {
            if (!root.posted()) {
                return "NOT_POSTED";
            }
            if (root.revoked()) {
                return "REVOKED";
            }
            if (!rootMatches) {
                return "ROOT_MISMATCH";
            }
            return now >= finalAt ? "FINAL" : "CHALLENGE_WINDOW";
        }
    }

    /** The challenge window in seconds (immutable in the contract, so read once). */
    long window() {
        long w = window;
        if (w < 0) {
            w = distributor.challengeWindow();
            window = w;
        }
        return w;
    }

    long now() {
        return chain.latestBlockTimestamp();
    }

    Status status(EpochRewards e, long now) {
        OnChainRoot root = distributor.root(e.epoch());
        boolean matches = Arrays.equals(root.root(), e.batch().getMerkleRoot().bytes());
        return new Status(e.epoch(), root, matches, root.postedAt() + window(), now);
    }

    /**
     * The latest final epoch, looking back from the newest batch; stops at the first final one (an
     * earlier epoch cannot be final when a later one is not yet, except after a revocation, which
     * the walk steps over).
     */
    Optional<Status> latestFinal(NavigableMap<Long, EpochRewards> epochs) {
        long now = now();
        for (EpochRewards e : epochs.descendingMap().values()) {
            Status s = status(e, now);
            if (s.isFinal()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
