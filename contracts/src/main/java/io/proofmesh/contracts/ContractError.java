package io.proofmesh.contracts;

import java.util.List;

/**
 * A decoded revert: the custom error's name (e.g. {@code EpochNotIncreasing}) and its arguments as
 * text, or {@code Error}/{@code Panic} for Solidity's built-in reverts, or {@code Unknown} with the raw
 * data when no ABI of ours declares the selector.
 *
 * @param args argument values as strings (addresses 0x-hex, numbers decimal, bytes32 0x-hex)
 * @param data the raw revert data, 0x-hex
 */
public record ContractError(String name, List<String> args, String data) {

    /** For messages: {@code EpochNotIncreasing(4, 7)}. */
    @Override
    public String toString() {
        return name + "(" + String.join(", ", args) + ")";
    }
}
