package io.proofmesh.inference.tensor;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.InferenceJob;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts between wire tensors (Avro {@link Tensor}: little-endian, row-major bytes) and ONNX
 * Runtime tensors, refusing malformed job inputs with a specific {@link TensorRefusal} before
 * anything reaches the model (PROTOCOL.md §13.2).
 *
 * <p>Checks on one input, in this order, the first failure wins: {@code WRONG_NAME},
 * {@code UNSUPPORTED_DTYPE}, {@code WRONG_DTYPE}, {@code WRONG_RANK}, {@code WRONG_SHAPE},
 * {@code TOO_LARGE}, {@code WRONG_SIZE}, then the values ({@code NON_FINITE} for floats,
 * {@code INVALID_BOOL} for BOOL). NaN and ±Infinity are refused because no catalogue model
 * gives them a meaning, and a NaN output would make the result uncheckable: the verifier's
 * comparison and the output digest are only meaningful on finite numbers.
 *
 * <p>Thread-safe; holds only the element limit.
 */
public final class TensorCodec {

    /** Default per-tensor element limit: 16 Mi elements (64 MiB of FLOAT32). */
    public static final long DEFAULT_MAX_ELEMENTS = 16L * 1024 * 1024;

    private final long maxElements;

    public TensorCodec() {
        this(DEFAULT_MAX_ELEMENTS);
    }

    /** @param maxElements most elements one input tensor may have (≥ 1) */
    public TensorCodec(long maxElements) {
        if (maxElements < 1 || maxElements > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("maxElements must be 1 … " + Integer.MAX_VALUE / 8 + ", got " + maxElements);
        }
        this.maxElements = maxElements;
    }

    public long maxElements() {
        return maxElements;
    }

    /**
     * Binds a job's inputs to the model's declared inputs: each declared input exactly once, no
     * others. Returns the job's tensors in the order of {@code specs}. Does not look at the
     * tensors' contents ({@link #validate} does).
     */
    public static List<Tensor> inputsFor(InferenceJob job, List<TensorSpec> specs) throws InvalidTensorException {
        Set<String> declared = new HashSet<>();
        for (TensorSpec s : specs) {
            declared.add(s.name());
        }
        Map<String, Tensor> byName = new HashMap<>();
        for (Tensor t : job.getInputs()) {
            if (!declared.contains(t.getName())) {
                throw new InvalidTensorException(TensorRefusal.UNEXPECTED_INPUT, t.getName(),
                        "model " + job.getModelId() + " has no such input (it takes " + names(specs) + ")");
            }
            if (byName.putIfAbsent(t.getName(), t) != null) {
                throw new InvalidTensorException(TensorRefusal.DUPLICATE_INPUT, t.getName(), "given more than once");
            }
        }
        List<Tensor> ordered = new ArrayList<>(specs.size());
        for (TensorSpec s : specs) {
            Tensor t = byName.get(s.name());
            if (t == null) {
                throw new InvalidTensorException(TensorRefusal.MISSING_INPUT, s.name(),
                        "model " + job.getModelId() + " needs it (" + s.dtype() + " " + s.shape() + ")");
            }
            ordered.add(t);
        }
        return ordered;
    }

    /**
     * All of a job's inputs as ONNX Runtime tensors keyed by input name (in {@code specs} order),
     * ready for {@code session.run}. The caller closes them ({@code OnnxValue.close(map.values())});
     * on a refusal the ones already made are closed here.
     */
    public Map<String, OnnxTensor> toOnnxInputs(OrtEnvironment env, InferenceJob job, List<TensorSpec> specs)
            throws InvalidTensorException, OrtException {
        List<Tensor> inputs = inputsFor(job, specs);
        Map<String, OnnxTensor> out = new LinkedHashMap<>();
        boolean done = false;
        try {
            for (int i = 0; i < specs.size(); i++) {
                out.put(specs.get(i).name(), toOnnx(env, inputs.get(i), specs.get(i)));
            }
            done = true;
            return out;
        } finally {
            if (!done) {
                OnnxValue.close(out.values());
            }
        }
    }

    /**
     * Validates one wire input against what the model expects and copies it into a direct,
     * native-order buffer wrapped by an ONNX Runtime tensor (the caller closes it).
     */
    public OnnxTensor toOnnx(OrtEnvironment env, Tensor avro, TensorSpec expected) throws InvalidTensorException, OrtException {
        int count = validate(avro, expected);
        TensorType dtype = avro.getDtype();
        ByteBuffer direct = nativeCopy(TensorElements.bytes(avro), dtype, count);
        long[] shape = avro.getShape().stream().mapToLong(Long::longValue).toArray();
        return switch (dtype) {
            case FLOAT32 -> OnnxTensor.createTensor(env, direct.asFloatBuffer(), shape);
            case FLOAT64 -> OnnxTensor.createTensor(env, direct.asDoubleBuffer(), shape);
            case INT32 -> OnnxTensor.createTensor(env, direct.asIntBuffer(), shape);
            case INT64 -> OnnxTensor.createTensor(env, direct.asLongBuffer(), shape);
            case UINT8 -> OnnxTensor.createTensor(env, direct, shape, OnnxJavaType.UINT8);
            case BOOL -> OnnxTensor.createTensor(env, direct, shape, OnnxJavaType.BOOL);
            case UNKNOWN -> throw new IllegalStateException("validated above");
        };
    }

    /**
     * The checks of {@link #toOnnx} without making a tensor.
     *
     * @return the element count
     */
    public int validate(Tensor t, TensorSpec expected) throws InvalidTensorException {
        String name = t.getName();
        if (!expected.name().equals(name)) {
            throw new InvalidTensorException(TensorRefusal.WRONG_NAME, name, "bound to model input '" + expected.name() + "'");
        }
        if (!Dtype.isSupported(expected.dtype())) {
            throw new InvalidTensorException(TensorRefusal.UNSUPPORTED_DTYPE, name,
                    "the model takes element type " + expected.dtype() + ", which the wire cannot carry");
        }
        if (!Dtype.isSupported(t.getDtype())) {
            throw new InvalidTensorException(TensorRefusal.UNSUPPORTED_DTYPE, name,
                    "element type " + t.getDtype() + " is not supported (FLOAT32, FLOAT64, INT32, INT64, UINT8, BOOL)");
        }
        if (t.getDtype() != expected.dtype()) {
            throw new InvalidTensorException(TensorRefusal.WRONG_DTYPE, name,
                    "element type " + t.getDtype() + ", the model takes " + expected.dtype());
        }
        List<Long> shape = t.getShape();
        List<Long> want = expected.shape();
        if (shape.size() != want.size()) {
            throw new InvalidTensorException(TensorRefusal.WRONG_RANK, name,
                    shape.size() + " dimensions " + shape + ", the model takes " + want.size() + " " + want);
        }
        for (int i = 0; i < shape.size(); i++) {
            Long d = shape.get(i);
            long w = want.get(i);
            if (d == null || d < 1 || (w != -1 && d != w)) {
                throw new InvalidTensorException(TensorRefusal.WRONG_SHAPE, name,
                        "dimension " + i + " is " + d + " in " + shape + ", the model takes " + want + " (-1 = any size ≥ 1)");
            }
        }
        long count = TensorElements.elementCount(shape);
        if (count < 0 || count > maxElements) {
            throw new InvalidTensorException(TensorRefusal.TOO_LARGE, name,
                    "shape " + shape + " has more than the limit of " + maxElements + " elements");
        }
        int size = Dtype.size(t.getDtype());
        int bytes = t.getData().remaining();
        if (bytes != count * size) {
            throw new InvalidTensorException(TensorRefusal.WRONG_SIZE, name,
                    bytes + " data bytes, shape " + shape + " of " + t.getDtype() + " needs exactly " + count * size
                            + (bytes < count * size ? " (truncated)" : " (extra bytes)"));
        }
        checkValues(t, (int) count);
        return (int) count;
    }

    private static void checkValues(Tensor t, int count) throws InvalidTensorException {
        ByteBuffer data = TensorElements.bytes(t);
        switch (t.getDtype()) {
            case FLOAT32 -> {
                FloatBuffer f = data.asFloatBuffer();
                for (int i = 0; i < count; i++) {
                    if (!Float.isFinite(f.get(i))) {
                        throw nonFinite(t, i, f.get(i));
                    }
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < count; i++) {
                    double v = data.getDouble(i * 8);
                    if (!Double.isFinite(v)) {
                        throw nonFinite(t, i, v);
                    }
                }
            }
            case BOOL -> {
                for (int i = 0; i < count; i++) {
                    byte b = data.get(i);
                    if (b != 0 && b != 1) {
                        throw new InvalidTensorException(TensorRefusal.INVALID_BOOL, t.getName(),
                                "element " + i + " is byte " + (b & 0xFF) + ", BOOL elements must be 0 or 1");
                    }
                }
            }
            default -> {
                // every bit pattern of an integer type is a valid value
            }
        }
    }

    private static InvalidTensorException nonFinite(Tensor t, int index, double v) {
        return new InvalidTensorException(TensorRefusal.NON_FINITE, t.getName(),
                "element " + index + " is " + v + "; float inputs must be finite (no NaN or Infinity)");
    }

    /** Little-endian wire bytes → a direct buffer in the platform's order, which ONNX Runtime reads in place. */
    private static ByteBuffer nativeCopy(ByteBuffer littleEndian, TensorType dtype, int count) {
        ByteBuffer direct = ByteBuffer.allocateDirect(count * Dtype.size(dtype)).order(ByteOrder.nativeOrder());
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN || Dtype.size(dtype) == 1) {
            direct.put(littleEndian);
        } else {
            switch (dtype) {
                case FLOAT32 -> direct.asFloatBuffer().put(littleEndian.asFloatBuffer());
                case FLOAT64 -> direct.asDoubleBuffer().put(littleEndian.asDoubleBuffer());
                case INT32 -> direct.asIntBuffer().put(littleEndian.asIntBuffer());
                case INT64 -> direct.asLongBuffer().put(littleEndian.asLongBuffer());
                default -> throw new IllegalStateException(dtype.toString());
            }
        }
        return direct.rewind();
    }

    /**
     * An ONNX Runtime output as a wire tensor: its dtype, shape and little-endian row-major bytes.
     *
     * @throws IllegalArgumentException if the value is not a tensor of FLOAT32, FLOAT64, INT32,
     *                                  INT64, UINT8 or BOOL (the runner reports such a model FAILED)
     */
    public static Tensor fromOnnx(String name, OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new IllegalArgumentException("output " + name + " is a " + value.getType() + ", not a tensor");
        }
        TensorInfo info = tensor.getInfo();
        TensorType dtype = Dtype.fromJavaType(info.type);
        if (dtype == null) {
            throw new IllegalArgumentException("output " + name + " has element type " + info.type
                    + ", which the wire cannot carry (FLOAT32, FLOAT64, INT32, INT64, UINT8, BOOL)");
        }
        long count = info.getNumElements();
        if (count * Dtype.size(dtype) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("output " + name + " has " + count + " elements, too many for one tensor");
        }
        ByteBuffer out = ByteBuffer.allocate((int) count * Dtype.size(dtype)).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT32 -> out.asFloatBuffer().put(tensor.getFloatBuffer());
            case FLOAT64 -> out.asDoubleBuffer().put(tensor.getDoubleBuffer());
            case INT32 -> out.asIntBuffer().put(tensor.getIntBuffer());
            case INT64 -> out.asLongBuffer().put(tensor.getLongBuffer());
            case UINT8 -> out.put(tensor.getByteBuffer());
            case BOOL -> {
                ByteBuffer b = tensor.getByteBuffer();
                while (b.hasRemaining()) {
                    out.put(b.get() != 0 ? (byte) 1 : (byte) 0);
                }
            }
            case UNKNOWN -> throw new IllegalStateException("mapped above");
        }
        out.rewind();
        List<Long> shape = new ArrayList<>(info.getShape().length);
        for (long d : info.getShape()) {
            shape.add(d);
        }
        return new Tensor(name, dtype, shape, out);
    }

    private static List<String> names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::name).toList();
    }
}
