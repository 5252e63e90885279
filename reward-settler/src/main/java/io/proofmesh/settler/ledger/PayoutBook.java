package io.proofmesh.settler.ledger;

import io.proofmesh.schemas.registry.NodeRegistration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each node's payout address, from its latest registration on {@code nodes.registry}. Rewards go
 * to the payout address, never to the node's hot signing key (DESIGN.md "Identity").
 */
public final class PayoutBook {

    private final Map<String, String> payouts = new HashMap<>();

    public void add(NodeRegistration r) {
        if (r != null) {
            payouts.put(r.getNodeId(), r.getPayoutAddress());
        }
    }

    public void forget(String nodeId) {
        payouts.remove(nodeId);
    }

    public Optional<String> payoutOf(String nodeId) {
        return Optional.ofNullable(payouts.get(nodeId));
    }

    public Map<String, String> asMap() {
        return payouts;
    }
}
