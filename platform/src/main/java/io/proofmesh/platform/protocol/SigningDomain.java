package io.proofmesh.platform.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The deployment a signature is valid for (PROTOCOL.md §1). Every signed message names it —
 * telemetry bodies, probe challenges and results, key rotations — and a party refuses one naming
 * another deployment, so a signature made for a testnet is worthless on mainnet and the other
 * way round. One definition for ingest, the prober, the node SDK and the audit.
 *
 * @param network deployment name, e.g. {@code proofmesh-devnet}
 * @param chainId EVM chain id the deployment settles on, e.g. 31337 for anvil
 */
public record SigningDomain(String network, long chainId) {

    public static final int MAX_NETWORK_CHARS = 64;
    /** Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static final Pattern NETWORK = Pattern.compile("[a-z0-9][a-z0-9._-]{0," + (MAX_NETWORK_CHARS - 1) + "}");
    /** The development deployment: what the DevStack's anvil settles on. */
    public static final SigningDomain DEVNET = new SigningDomain("proofmesh-devnet", 31337);

    public SigningDomain {
        Objects.requireNonNull(network, "network");
        if (!NETWORK.matcher(network).matches()) {
            throw new IllegalArgumentException("network must match " + NETWORK.pattern() + ", got '" + network + "'");
        }
        if (chainId < 1) {
            throw new IllegalArgumentException("chainId must be positive, got " + chainId);
        }
    }

    /** Whether a message naming {@code network}/{@code chainId} was signed for this deployment. */
    public boolean matches(String otherNetwork, long otherChainId) {
        return network.equals(otherNetwork) && chainId == otherChainId;
    }

    @Override
    public String toString() {
        return network + "/" + chainId;
    }
}
