package io.proofmesh.settler.audit;

/** The audit cannot be run as asked; the message says what to do. */
public final class AuditException extends RuntimeException {

    public AuditException(String message) {
        super(message);
    }
}
