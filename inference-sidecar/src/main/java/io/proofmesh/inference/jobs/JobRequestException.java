package io.proofmesh.inference.jobs;

/** A job submission refused before it reached Kafka: HTTP 400 with this code, field and message. */
public final class JobRequestException extends RuntimeException {

    private final String code;
    private final String field;

    public JobRequestException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
