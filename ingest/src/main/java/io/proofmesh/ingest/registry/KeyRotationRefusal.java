package io.proofmesh.ingest.registry;

import java.util.Objects;

/**
 * A refused key rotation, answered {@code {code, message, field?}} with the code's status.
 * {@code field} is a JSON pointer into the request body, or null.
 */
public final class KeyRotationRefusal extends Exception {

    private final KeyRotationCode code;
    private final String field;

    public KeyRotationRefusal(KeyRotationCode code, String message, String field) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    public KeyRotationCode code() {
        return code;
    }

    public String field() {
        return field;
    }
}
