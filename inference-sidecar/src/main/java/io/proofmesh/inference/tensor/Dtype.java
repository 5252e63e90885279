package io.proofmesh.inference.tensor;

import ai.onnxruntime.OnnxJavaType;
import io.proofmesh.schemas.common.TensorType;

/**
 * The fixed facts about each wire element type: its size in bytes, its code in the output
 * digest (ONNX's {@code TensorProto.DataType} numbers) and its ONNX Runtime Java type.
 */
public final class Dtype {

    private Dtype() {
    }

    public static boolean isSupported(TensorType t) {
        return t != null && t != TensorType.UNKNOWN;
    }

    public static boolean isFloat(TensorType t) {
        return t == TensorType.FLOAT32 || t == TensorType.FLOAT64;
    }

    /** Bytes per element on the wire. */
    public static int size(TensorType t) {
        return switch (t) {
            case FLOAT32, INT32 -> 4;
            case FLOAT64, INT64 -> 8;
            case UINT8, BOOL -> 1;
            case UNKNOWN -> throw unsupported(t);
        };
    }

    /** ONNX {@code TensorProto.DataType} code, used by the output digest. */
    public static int onnxCode(TensorType t) {
        return switch (t) {
            case FLOAT32 -> 1;
            case UINT8 -> 2;
            case INT32 -> 6;
            case INT64 -> 7;
            case BOOL -> 9;
            case FLOAT64 -> 11;
            case UNKNOWN -> throw unsupported(t);
        };
    }

    public static OnnxJavaType javaType(TensorType t) {
        return switch (t) {
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case FLOAT64 -> OnnxJavaType.DOUBLE;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case UINT8 -> OnnxJavaType.UINT8;
            case BOOL -> OnnxJavaType.BOOL;
            case UNKNOWN -> throw unsupported(t);
        };
    }

    /** The wire type of an ONNX Runtime tensor, or {@code null} if the wire has none for it. */
    public static TensorType fromJavaType(OnnxJavaType t) {
        return switch (t) {
            case FLOAT -> TensorType.FLOAT32;
            case DOUBLE -> TensorType.FLOAT64;
            case INT32 -> TensorType.INT32;
            case INT64 -> TensorType.INT64;
            case UINT8 -> TensorType.UINT8;
            case BOOL -> TensorType.BOOL;
            default -> null;
        };
    }

    private static IllegalArgumentException unsupported(TensorType t) {
        return new IllegalArgumentException("unsupported tensor element type " + t);
    }
}
