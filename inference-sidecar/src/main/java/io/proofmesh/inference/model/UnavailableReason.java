package io.proofmesh.inference.model;

/** Why a model in the manifest was not loaded. */
public enum UnavailableReason {
    /** The manifest names a file that is not in the catalogue directory. */
    MISSING_FILE,
    /** The file's sha256 differs from the manifest's, or ONNX Runtime cannot load it. */
    CORRUPT_MODEL,
    /** The model loads, but its inputs/outputs differ from the manifest's names, types or shapes. */
    SIGNATURE_MISMATCH
}
