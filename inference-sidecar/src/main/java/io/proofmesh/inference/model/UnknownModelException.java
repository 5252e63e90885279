package io.proofmesh.inference.model;

/** The model id is not in the manifest (a job for it is answered UNKNOWN_MODEL). */
public class UnknownModelException extends ModelRefusedException {
    public UnknownModelException(String modelId) {
        super(modelId, "unknown model '" + modelId + "': not in this node's model catalogue");
    }
}
