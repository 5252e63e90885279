package io.proofmesh.inference.tensor;

import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Read-only element access to a wire tensor's little-endian data, without copying it. The
 * tensor's own {@code ByteBuffer} position is never moved.
 */
public final class TensorElements {

    private final TensorType dtype;
    private final ByteBuffer data;
    private final int size;
    private final long count;

    private TensorElements(TensorType dtype, ByteBuffer data, long count) {
        this.dtype = dtype;
        this.data = data;
        this.size = Dtype.size(dtype);
        this.count = count;
    }

    /**
     * Elements of a tensor whose data length matches its shape.
     *
     * @throws IllegalArgumentException for an unsupported dtype, a negative dimension or a data
     *                                  length other than product(shape) × element size
     */
    public static TensorElements of(Tensor t) {
        if (!Dtype.isSupported(t.getDtype())) {
            throw new IllegalArgumentException("tensor " + t.getName() + ": unsupported dtype " + t.getDtype());
        }
        long count = elementCount(t.getShape());
        if (count < 0) {
            throw new IllegalArgumentException("tensor " + t.getName() + ": invalid shape " + t.getShape());
        }
        ByteBuffer data = bytes(t);
        long expected = count * Dtype.size(t.getDtype());
        if (count > Integer.MAX_VALUE || data.remaining() != expected) {
            throw new IllegalArgumentException("tensor " + t.getName() + ": " + data.remaining()
                    + " data bytes for shape " + t.getShape() + " of " + t.getDtype() + " (expected " + expected + ")");
        }
        return new TensorElements(t.getDtype(), data, count);
    }

    /** Product of the dimensions (1 for a scalar); -1 if a dimension is negative or the product overflows. */
    public static long elementCount(List<Long> shape) {
        long n = 1;
        for (Long d : shape) {
            if (d == null || d < 0) {
                return -1;
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return n;
    }

    /** A little-endian view of the tensor's data from its current position; the tensor is untouched. */
    static ByteBuffer bytes(Tensor t) {
        return t.getData().duplicate().slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public TensorType dtype() {
        return dtype;
    }

    public long count() {
        return count;
    }

    /** Element i as a double (exact for all types but INT64 beyond ±2⁵³). */
    public double doubleAt(int i) {
        return switch (dtype) {
            case FLOAT32 -> data.getFloat(i * 4);
            case FLOAT64 -> data.getDouble(i * 8);
            default -> longAt(i);
        };
    }

    /** Element i of an integer or BOOL tensor: INT32/INT64 as signed, UINT8 as 0…255, BOOL as 0 or 1. */
    public long longAt(int i) {
        return switch (dtype) {
            case INT32 -> data.getInt(i * 4);
            case INT64 -> data.getLong(i * 8);
            case UINT8 -> data.get(i) & 0xFF;
            case BOOL -> data.get(i) != 0 ? 1 : 0;
            default -> throw new IllegalStateException(dtype + " is not an integer type");
        };
    }

    int elementSize() {
        return size;
    }
}
