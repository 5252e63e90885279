package io.proofmesh.streams.query;

/** A request that ends with a specific status and {@code {"code","message"}} body. */
final class ApiError extends RuntimeException {

    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError rebalancing(String why) {
        return new ApiError(503, "REBALANCING", why + "; retry in a second");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
