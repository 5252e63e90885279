package io.proofmesh.inference.model;

/** The catalogue cannot give a session for a model id; subclasses say why. */
public abstract class ModelRefusedException extends Exception {
    private final String modelId;

    protected ModelRefusedException(String modelId, String message) {
        super(message);
        this.modelId = modelId;
    }

    public String modelId() {
        return modelId;
    }
}
