package io.proofmesh.inference.model;

/** The model is in the manifest but could not be loaded (a job for it is answered FAILED). */
public class UnavailableModelException extends ModelRefusedException {
    private final UnavailableReason reason;

    public UnavailableModelException(String modelId, UnavailableReason reason, String detail) {
        super(modelId, "model '" + modelId + "' is unavailable (" + reason + "): " + detail);
        this.reason = reason;
    }

    public UnavailableReason reason() {
        return reason;
    }
}
