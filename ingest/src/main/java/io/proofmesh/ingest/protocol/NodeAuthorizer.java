package io.proofmesh.ingest.protocol;

import io.proofmesh.schemas.registry.NodeStatus;

/**
 * The directory check after signer recovery: UNKNOWN_NODE → SIGNER_MISMATCH → NODE_SUSPENDED.
 * Suspension is judged last so that only the node's own key learns the node is suspended.
 */
public final class NodeAuthorizer {

    private final NodeDirectory directory;

    public NodeAuthorizer(NodeDirectory directory) {
        this.directory = directory;
    }

    public void authorize(VerifiedRequest verified) throws RejectedRequestException {
        String nodeId = verified.request().nodeId();
        NodeDirectory.Entry entry = directory.find(nodeId).orElseThrow(() -> new Rejection(ReasonCode.UNKNOWN_NODE,
                "node " + nodeId + " is not registered", "/nodeId").toException());
        if (!entry.signingAddress().equals(verified.signer())) {
            // Also what a tampered body or a wrong key looks like: the signature recovers to someone else.
            throw new Rejection(ReasonCode.SIGNER_MISMATCH, "the signature recovers to " + verified.signer()
                    + ", not to the current signing key of node " + nodeId, null).toException();
        }
        if (entry.status() != NodeStatus.ACTIVE) {
            throw new Rejection(ReasonCode.NODE_SUSPENDED, "node " + nodeId + " is " + entry.status(), "/nodeId")
                    .toException();
        }
    }
}
