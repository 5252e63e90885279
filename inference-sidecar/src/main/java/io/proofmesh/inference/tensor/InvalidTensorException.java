package io.proofmesh.inference.tensor;

/**
 * A job input refused before the model ran. Checked on purpose: poison input must end as an
 * {@code INVALID_INPUT} result, never as an exception escaping the runner's loop.
 */
public final class InvalidTensorException extends Exception {

    private final TensorRefusal reason;
    private final String tensorName;

    public InvalidTensorException(TensorRefusal reason, String tensorName, String detail) {
        super(reason + ": input '" + printable(tensorName) + "': " + detail);
        this.reason = reason;
        this.tensorName = tensorName;
    }

    /**
     * The name as it may appear in a result's {@code statusMessage} (PROTOCOL.md §3.3 allows no
     * control characters there): control characters become '?', and at most 128 characters are kept.
     */
    static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        name.codePoints().limit(128).forEach(c -> b.appendCodePoint(Character.getType(c) == Character.CONTROL ? '?' : c));
        return b.toString();
    }

    public TensorRefusal reason() {
        return reason;
    }

    /** Name of the offending input (as the job or the model spells it). */
    public String tensorName() {
        return tensorName;
    }
}
