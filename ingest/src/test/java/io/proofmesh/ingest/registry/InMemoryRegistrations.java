package io.proofmesh.ingest.registry;

import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The registry state a {@link KeyRotationVerifier} reads, for unit tests. */
final class InMemoryRegistrations implements KeyRotationVerifier.Registrations {

    final Map<String, NodeRegistration> nodes = new LinkedHashMap<>();

    InMemoryRegistrations put(NodeRegistration r) {
        nodes.put(r.getNodeId(), r);
        return this;
    }

    static NodeRegistration node(String nodeId, String signingAddress, String operatorAddress, NodeStatus status) {
        return NodeRegistration.newBuilder()
                .setNodeId(nodeId)
                .setSigningAddress(signingAddress)
                .setPayoutAddress("0x00000000000000000000000000000000000000aa")
                .setOperatorAddress(operatorAddress)
                .setRegion("eu-west")
                .setProbeEndpoint("http://127.0.0.1:9/probe")
                .setDeclaredCapacity(Capacity.newBuilder().setGpuModel("L4").setGpuCount(1).setGpuMemoryMb(24576)
                        .setCpuCores(8).setMemoryMb(32768).setMaxConcurrentJobs(4).build())
                .setStatus(status)
                .setStatusReason(null)
                .setRegisteredAt(Instant.ofEpochMilli(1767225000000L))
                .setUpdatedAt(Instant.ofEpochMilli(1767225000000L))
                .setKeyRotation(null)
                .build();
    }

    @Override
    public Optional<NodeRegistration> registration(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId));
    }

    @Override
    public Optional<String> nodeUsingAddress(String address, String exceptNodeId) {
        return nodes.values().stream()
                .filter(r -> !r.getNodeId().equals(exceptNodeId))
                .filter(r -> r.getNodeId().equals(address) || r.getSigningAddress().equals(address))
                .map(NodeRegistration::getNodeId)
                .findFirst();
    }
}
