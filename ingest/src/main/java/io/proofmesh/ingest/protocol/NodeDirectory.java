package io.proofmesh.ingest.protocol;

import io.proofmesh.schemas.registry.NodeStatus;
import java.util.Optional;

/** What ingest knows about registered nodes (fed from {@code nodes.registry}). */
@FunctionalInterface
public interface NodeDirectory {

    /** The node's current registration, or empty if the nodeId is not registered. */
    Optional<Entry> find(String nodeId);

    /**
     * @param signingAddress lower-case 0x address of the node's current signing key
     * @param status         only {@link NodeStatus#ACTIVE} may send; anything else counts as suspended
     */
    record Entry(String signingAddress, NodeStatus status) {
    }
}
