package io.proofmesh.ingest.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The deployment a signature is valid for. Every signed body names it, and ingest refuses a
 * body naming another one (WRONG_DOMAIN), so a signature made for a testnet is worthless on
 * mainnet and the other way round.
 *
 * @param network deployment name, e.g. {@code proofmesh-devnet}
 * @param chainId EVM chain id the deployment settles on, e.g. 31337 for anvil
 */
public record SigningDomain(String network, long chainId) {

    /** Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
    static final Pattern NETWORK = Pattern.compile("[a-z0-9][a-z0-9._-]{0," + (ProtocolLimits.MAX_NETWORK_CHARS - 1) + "}");

    public SigningDomain {
        Objects.requireNonNull(network, "network");
        if (!NETWORK.matcher(network).matches()) {
            throw new IllegalArgumentException("network must match " + NETWORK.pattern() + ", got '" + network + "'");
        }
        if (chainId < 1) {
            throw new IllegalArgumentException("chainId must be positive, got " + chainId);
        }
    }

    public boolean matches(TelemetryRequest request) {
        return network.equals(request.network()) && chainId == request.chainId();
    }

    @Override
    public String toString() {
        return network + "/" + chainId;
    }
}
