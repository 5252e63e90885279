package io.proofmesh.settler.chain;

/** The chain's JSON-RPC endpoint could not be reached (the call is retried by {@link ChainRpc}). */
public final class ChainUnavailableException extends RuntimeException {
    public ChainUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
