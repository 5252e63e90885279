package io.proofmesh.contracts;

/** A call or transaction the contract refused; {@link #error()} says which custom error it raised. */
public class ContractRevertException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient ContractError error;

    public ContractRevertException(String action, ContractError error) {
        super(action + " reverted: " + error);
        this.error = error;
    }

    public ContractError error() {
        return error;
    }

    /** The custom error's name, e.g. {@code NothingToClaim}. */
    public String errorName() {
        return error.name();
    }
}
