package io.proofmesh.inference.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;

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

    /**
     * Adds this provider to one session's options (CPU needs nothing: ORT always has it).
     *
     * @throws DeviceUnavailableException CUDA was decided for the catalogue but ORT refuses it now
     */
    void addTo(SessionOptions options) throws DeviceUnavailableException {
        if (this == CUDA) {
            try {
                options.addCUDA(0);
            } catch (OrtException e) {
                throw new DeviceUnavailableException(ExecutionDevice.CUDA_UNAVAILABLE_ADVICE + " (ONNX Runtime: " + e.getMessage() + ")", e);
            }
        }
    }
}
