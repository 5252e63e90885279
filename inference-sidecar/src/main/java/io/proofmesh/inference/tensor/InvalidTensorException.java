package io.proofmesh.inference.tensor;

/**
 * A job input refused before the model ran. Checked on purpose: poison input must end as an
 * {@code INVALID_INPUT} result, never as an exception escaping the runner's loop.
 */
public final class InvalidTensorException extends Exception {

    private final TensorRefusal reason;
    private final String tensorName;

    public InvalidTensorException(TensorRefusal reason, String tensorName, String detail) {
        super(reason + ": input '" + tensorName + "': " + detail);
        this.reason = reason;
        this.tensorName = tensorName;
    }

    public TensorRefusal reason() {
        return reason;
    }

    /** Name of the offending input (as the job or the model spells it). */
    public String tensorName() {
        return tensorName;
    }
}
