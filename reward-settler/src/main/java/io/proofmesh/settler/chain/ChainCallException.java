package io.proofmesh.settler.chain;

import java.util.Optional;

/**
 * The node answered a JSON-RPC call with an error (not retried: asking again gives the same
 * answer), e.g. a reverting {@code eth_estimateGas}. {@link #revertData()} carries the revert
 * payload when the node gave one, so the caller can name the contract's custom error.
 */
public final class ChainCallException extends RuntimeException {

    private final int code;
    private final String revertData;

    public ChainCallException(String method, int code, String message, String revertData) {
        super(method + " failed: " + message + " (JSON-RPC code " + code + ")");
        this.code = code;
        this.revertData = revertData;
    }

    public int code() {
        return code;
    }

    public Optional<String> revertData() {
        return Optional.ofNullable(revertData).filter(d -> d.startsWith("0x") && d.length() >= 10);
    }
}
