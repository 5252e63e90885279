package io.proofmesh.inference.tensor;

import io.proofmesh.schemas.common.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Micro-batching on wire tensors: {@link #stack} concatenates several jobs' tensors of one input
 * along dimension 0, {@link #unstack} splits a batched output back per job. Row-major layout makes
 * both pure byte concatenation and slicing, so the round trip is exact.
 */
public final class TensorStack {

    private TensorStack() {
    }

    /**
     * Concatenates tensors along dimension 0. All must share name, dtype, rank (≥ 1) and every
     * dimension but the first, and have valid data lengths.
     *
     * @throws IllegalArgumentException otherwise (the caller groups only validated inputs of one spec)
     */
    public static Tensor stack(List<Tensor> sameSpec) {
        if (sameSpec.isEmpty()) {
            throw new IllegalArgumentException("nothing to stack");
        }
        Tensor first = sameSpec.get(0);
        List<Long> shape = first.getShape();
        if (shape.isEmpty()) {
            throw new IllegalArgumentException("tensor " + first.getName() + ": a scalar has no dimension 0 to stack on");
        }
        long rows = 0;
        long bytes = 0;
        for (Tensor t : sameSpec) {
            List<Long> s = t.getShape();
            if (!t.getName().equals(first.getName()) || t.getDtype() != first.getDtype() || s.size() != shape.size()
                    || !s.subList(1, s.size()).equals(shape.subList(1, shape.size()))) {
                throw new IllegalArgumentException("cannot stack " + describe(t) + " with " + describe(first)
                        + ": name, dtype and all dimensions but the first must be equal");
            }
            TensorElements.of(t); // checks the data length
            rows = Math.addExact(rows, s.get(0));
            bytes += t.getData().remaining();
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("stacked tensor " + first.getName() + " would exceed 2 GiB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) bytes);
        for (Tensor t : sameSpec) {
            out.put(TensorElements.bytes(t));
        }
        List<Long> stacked = new ArrayList<>(shape);
        stacked.set(0, rows);
        return new Tensor(first.getName(), first.getDtype(), stacked, out.rewind());
    }

    /**
     * Splits a tensor along dimension 0 into consecutive parts of {@code batchSizes} rows each
     * (which must sum to dimension 0). Each part gets its own copy of the bytes.
     */
    public static List<Tensor> unstack(Tensor batched, List<Long> batchSizes) {
        List<Long> shape = batched.getShape();
        if (shape.isEmpty()) {
            throw new IllegalArgumentException("tensor " + batched.getName() + ": a scalar has no dimension 0 to split");
        }
        TensorElements.of(batched);
        long total = 0;
        for (Long n : batchSizes) {
            if (n == null || n < 0) {
                throw new IllegalArgumentException("batch sizes must be ≥ 0, got " + batchSizes);
            }
            total += n;
        }
        if (total != shape.get(0)) {
            throw new IllegalArgumentException("tensor " + batched.getName() + ": batch sizes " + batchSizes
                    + " sum to " + total + ", dimension 0 is " + shape.get(0));
        }
        long rowElements = TensorElements.elementCount(shape.subList(1, shape.size()));
        int rowBytes = Math.toIntExact(rowElements * Dtype.size(batched.getDtype()));
        ByteBuffer all = TensorElements.bytes(batched);
        List<Tensor> parts = new ArrayList<>(batchSizes.size());
        int offset = 0;
        for (Long n : batchSizes) {
            int len = Math.toIntExact(n * rowBytes);
            byte[] part = new byte[len];
            all.get(offset, part);
            offset += len;
            List<Long> partShape = new ArrayList<>(shape);
            partShape.set(0, n);
            parts.add(new Tensor(batched.getName(), batched.getDtype(), partShape, ByteBuffer.wrap(part)));
        }
        return parts;
    }

    private static String describe(Tensor t) {
        return t.getName() + " " + t.getDtype() + " " + t.getShape();
    }
}
