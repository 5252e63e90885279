package io.proofmesh.inference.tensor;

/**
 * Why a job's input tensors were refused (PROTOCOL.md §13.2). The runner answers such a job
 * {@code INVALID_INPUT} with the code and message in {@code statusMessage}; the model never runs.
 */
public enum TensorRefusal {
    /** A tensor's name is not the input it was bound to. */
    WRONG_NAME,
    /** The element type differs from the model's input type. */
    WRONG_DTYPE,
    /** The number of dimensions differs from the model's input. */
    WRONG_RANK,
    /** A fixed dimension differs, or a dimension is below 1. */
    WRONG_SHAPE,
    /** The data is not exactly product(shape) × element size bytes (truncated or extra bytes). */
    WRONG_SIZE,
    /** More elements than the configured per-tensor limit. */
    TOO_LARGE,
    /** A FLOAT32/FLOAT64 input holds NaN or ±Infinity. */
    NON_FINITE,
    /** A BOOL input holds a byte other than 0 or 1. */
    INVALID_BOOL,
    /** The element type is not one this runner executes (e.g. UNKNOWN from a newer writer). */
    UNSUPPORTED_DTYPE,
    /** The model declares an input the job does not carry. */
    MISSING_INPUT,
    /** The job carries an input the model does not declare. */
    UNEXPECTED_INPUT,
    /** The job carries the same input twice. */
    DUPLICATE_INPUT
}
