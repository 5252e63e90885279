package io.proofmesh.inference.model;

/** The ONNX Runtime execution provider a session was created with, by ORT's own name. */
public enum ExecutionProvider {
    CPU("CPUExecutionProvider"),
    CUDA("CUDAExecutionProvider");

    private final String ortName;

    ExecutionProvider(String ortName) {
        this.ortName = ortName;
    }

    /** {@code CPUExecutionProvider} or {@code CUDAExecutionProvider}, as job results record it. */
    public String ortName() {
        return ortName;
    }
}
