package io.proofmesh.inference.model;

import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.Locale;

/**
 * {@code --device cpu|cuda|auto}: which ONNX Runtime execution provider the sessions get.
 *
 * <p>The CPU jar the build ships has no CUDA provider, so {@code cuda} fails here with
 * {@link #CUDA_UNAVAILABLE_ADVICE}; {@code auto} tries CUDA and falls back to CPU, and the
 * returned {@link ExecutionProvider} says which one the sessions run on (results record it).
 */
public enum ExecutionDevice {
    CPU, CUDA, AUTO;

    /** What an operator must do to run on a GPU; part of the error when CUDA cannot be added. */
    public static final String CUDA_UNAVAILABLE_ADVICE =
            "the CUDA execution provider is not available: install the CUDA 12 runtime and cuDNN 9 on this host "
                    + "and put the com.microsoft.onnxruntime:onnxruntime_gpu jar (same version) on the classpath "
                    + "in place of onnxruntime, or run with --device cpu (or auto, which falls back to CPU)";

    /** Parses {@code cpu}, {@code cuda} or {@code auto} (any case). */
    public static ExecutionDevice select(String name) {
        if (name != null) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "cpu": return CPU;
                case "cuda": return CUDA;
                case "auto": return AUTO;
                default: break;
            }
        }
        throw new IllegalArgumentException("unknown device '" + name + "': use cpu, cuda or auto");
    }

    /**
     * Adds this device's provider to {@code options} and says which provider the sessions will use.
     *
     * @throws DeviceUnavailableException for {@code cuda} when ONNX Runtime cannot add the CUDA provider
     */
    public ExecutionProvider configure(SessionOptions options) throws DeviceUnavailableException {
        switch (this) {
            case CPU:
                return ExecutionProvider.CPU;
            case CUDA:
                ExecutionProvider.CUDA.addTo(options);
                return ExecutionProvider.CUDA;
            case AUTO:
                try {
                    ExecutionProvider.CUDA.addTo(options);
                    return ExecutionProvider.CUDA;
                } catch (DeviceUnavailableException e) {
                    // No CUDA provider in this jar or no usable GPU: CPU is always present.
                    return ExecutionProvider.CPU;
                }
            default:
                throw new IllegalStateException(name());
        }
    }
}
