package io.proofmesh.settler.api;

/** A refusal with its HTTP status and stable code, rendered as {@code {"code","message"}}. */
final class ApiError extends RuntimeException {

    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
