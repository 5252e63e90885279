package io.proofmesh.ingest.protocol;

/**
 * Collects what is wrong with a body while the validator walks all of it, keeping the first
 * structural problem (unknown, missing, wrong type: 400) and the first semantic one (range,
 * format, kind, count: 422) in visiting order. A structural problem anywhere outranks a
 * semantic one anywhere, which is the check order PROTOCOL.md promises.
 */
final class Problems {

    private Rejection firstStructural;
    private Rejection firstSemantic;

    void structural(ReasonCode code, String message, String pointer) {
        if (firstStructural == null) {
            firstStructural = new Rejection(code, message, pointer);
        }
    }

    void semantic(ReasonCode code, String message, String pointer) {
        if (firstSemantic == null) {
            firstSemantic = new Rejection(code, message, pointer);
        }
    }

    boolean any() {
        return firstStructural != null || firstSemantic != null;
    }

    void throwFirst() throws RejectedRequestException {
        if (firstStructural != null) {
            throw firstStructural.toException();
        }
        if (firstSemantic != null) {
            throw firstSemantic.toException();
        }
    }
}
