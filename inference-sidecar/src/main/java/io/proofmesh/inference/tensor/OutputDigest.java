package io.proofmesh.inference.tensor;

import io.proofmesh.schemas.common.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * A job result's {@code outputDigest} (PROTOCOL.md §13.4): keccak256 over a canonical encoding of
 * the outputs with every float quantized to the model's tolerance, so two honest runs that differ
 * by a fraction of the tolerance (other CPU, other thread count) usually agree, and anyone can
 * recompute it from the outputs and the tolerance alone.
 *
 * <p>It is a fast-path equality check only. Verification compares values: a result matches when
 * the maximum absolute element difference is ≤ tolerance ({@link TensorComparison}). Two values
 * on either side of a quantization boundary ((k + ½)·tolerance) get different digests however
 * close they are, so a digest difference alone never makes a result wrong.
 *
 * <p>Encoding, all integers big-endian: the 25 ASCII bytes {@code proofmesh.outputDigest.v1};
 * u32 number of outputs; then per output, in order of the names' UTF-8 bytes (unsigned
 * lexicographic): u32 byte length of the UTF-8 name, the name, u8 dtype code (ONNX's: FLOAT32 1,
 * UINT8 2, INT32 6, INT64 7, BOOL 9, FLOAT64 11), u8 rank, i64 per dimension, and i64 per element
 * in row-major order: {@link #quantize} for floats, the value itself for integers (UINT8 0…255),
 * 0 or 1 for BOOL.
 */
public final class OutputDigest {

    static final byte[] DOMAIN = "proofmesh.outputDigest.v1".getBytes(StandardCharsets.US_ASCII);

    /** Quantized finite values are clamped to ±2⁶²; the non-finite ones sit just outside. */
    public static final long LIMIT = 1L << 62;
    public static final long POSITIVE_INFINITY = LIMIT + 1;
    public static final long NEGATIVE_INFINITY = -(LIMIT + 1);
    public static final long NAN = LIMIT + 2;

    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private OutputDigest() {
    }

    /** keccak256 of {@link #encoding} (32 bytes), computed without holding the encoding in memory. */
    public static byte[] of(List<Tensor> outputs, double tolerance) {
        KeccakDigest keccak = new KeccakDigest(256);
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                keccak.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                keccak.update(b, off, len);
            }
        };
        write(outputs, tolerance, sink);
        byte[] out = new byte[32];
        keccak.doFinal(out, 0);
        return out;
    }

    /** {@link #of} as {@code 0x} + 64 lower-case hex digits, the form of a {@code jobResult} event (PROTOCOL.md §3.3). */
    public static String ofHex(List<Tensor> outputs, double tolerance) {
        return "0x" + java.util.HexFormat.of().formatHex(of(outputs, tolerance));
    }

    /** The canonical bytes the digest is taken over (for test vectors and independent checks). */
    public static byte[] encoding(List<Tensor> outputs, double tolerance) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(outputs, tolerance, bytes);
        return bytes.toByteArray();
    }

    /**
     * One float quantized to the tolerance: r = roundHalfEven(x / tolerance) computed in IEEE
     * binary64 (a FLOAT32 is widened exactly first), clamped to [-2⁶², 2⁶²]; +Infinity →
     * 2⁶² + 1, -Infinity → -(2⁶² + 1), NaN → 2⁶² + 2.
     */
    public static long quantize(double x, double tolerance) {
        requireTolerance(tolerance);
        if (Double.isNaN(x)) {
            return NAN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return POSITIVE_INFINITY;
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return NEGATIVE_INFINITY;
        }
        double r = Math.rint(x / tolerance);
        if (r >= LIMIT) {
            return LIMIT;
        }
        if (r <= -LIMIT) {
            return -LIMIT;
        }
        return (long) r;
    }

    private static void write(List<Tensor> outputs, double tolerance, OutputStream target) {
        requireTolerance(tolerance);
        List<Named> sorted = new ArrayList<>(outputs.size());
        for (Tensor t : outputs) {
            sorted.add(new Named(t.getName().getBytes(StandardCharsets.UTF_8), t));
        }
        sorted.sort(Comparator.comparing(Named::utf8, UNSIGNED));
        for (int i = 1; i < sorted.size(); i++) {
            if (Arrays.equals(sorted.get(i - 1).utf8, sorted.get(i).utf8)) {
                throw new IllegalArgumentException("two outputs are named " + sorted.get(i).tensor.getName());
            }
        }
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(target, 1 << 16))) {
            out.write(DOMAIN);
            out.writeInt(sorted.size());
            for (Named n : sorted) {
                Tensor t = n.tensor;
                TensorElements e = TensorElements.of(t);
                if (t.getShape().size() > 255) {
                    throw new IllegalArgumentException("tensor " + t.getName() + " has more than 255 dimensions");
                }
                out.writeInt(n.utf8.length);
                out.write(n.utf8);
                out.writeByte(Dtype.onnxCode(t.getDtype()));
                out.writeByte(t.getShape().size());
                for (long d : t.getShape()) {
                    out.writeLong(d);
                }
                int count = (int) e.count();
                if (Dtype.isFloat(t.getDtype())) {
                    for (int i = 0; i < count; i++) {
                        out.writeLong(quantize(e.doubleAt(i), tolerance));
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        out.writeLong(e.longAt(i));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sinks above never throw
        }
    }

    private static void requireTolerance(double tolerance) {
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a positive finite number, got " + tolerance);
        }
    }

    private record Named(byte[] utf8, Tensor tensor) {
    }
}
