package io.proofmesh.simulator.agent;

import java.util.Objects;

/** The deployment a node signs for (PROTOCOL.md §1): ingest refuses bodies naming another one. */
public record SigningDomain(String network, long chainId) {

    public static final SigningDomain DEVNET = new SigningDomain("proofmesh-devnet", 31337);

    public SigningDomain {
        Objects.requireNonNull(network, "network");
        if (chainId < 1) {
            throw new IllegalArgumentException("chainId must be positive, got " + chainId);
        }
    }

    @Override
    public String toString() {
        return network + "/" + chainId;
    }
}
