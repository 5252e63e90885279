package io.proofmesh.inference.tensor;

import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/** Builds wire tensors (little-endian, row-major) for tests, element by element. */
final class WireTensors {

    private WireTensors() {
    }

    static List<Long> shape(long... dims) {
        return Arrays.stream(dims).boxed().toList();
    }

    static Tensor floats(String name, List<Long> shape, float... values) {
        ByteBuffer b = le(values.length * 4);
        for (float v : values) {
            b.putFloat(v);
        }
        return tensor(name, TensorType.FLOAT32, shape, b);
    }

    static Tensor doubles(String name, List<Long> shape, double... values) {
        ByteBuffer b = le(values.length * 8);
        for (double v : values) {
            b.putDouble(v);
        }
        return tensor(name, TensorType.FLOAT64, shape, b);
    }

    static Tensor ints(String name, List<Long> shape, int... values) {
        ByteBuffer b = le(values.length * 4);
        for (int v : values) {
            b.putInt(v);
        }
        return tensor(name, TensorType.INT32, shape, b);
    }

    static Tensor longs(String name, List<Long> shape, long... values) {
        ByteBuffer b = le(values.length * 8);
        for (long v : values) {
            b.putLong(v);
        }
        return tensor(name, TensorType.INT64, shape, b);
    }

    static Tensor bytes(String name, TensorType dtype, List<Long> shape, int... values) {
        ByteBuffer b = le(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return tensor(name, dtype, shape, b);
    }

    /** A tensor with raw data bytes, for malformed cases. */
    static Tensor raw(String name, TensorType dtype, List<Long> shape, byte[] data) {
        return new Tensor(name, dtype, shape, ByteBuffer.wrap(data));
    }

    static byte[] data(Tensor t) {
        ByteBuffer d = t.getData().duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static Tensor tensor(String name, TensorType dtype, List<Long> shape, ByteBuffer b) {
        return new Tensor(name, dtype, shape, b.rewind());
    }
}
