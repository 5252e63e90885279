package io.proofmesh.inference.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/** Test support: a bare ORT session on a model file with the catalogue's default options, and input tensors. */
final class DirectRun {

    private DirectRun() {
    }

    static OrtSession bareSession(Path file) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
    }

    static OnnxTensor randomTensor(long seed, long... shape) throws OrtException {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] values = new float[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(values), shape);
    }

    /** The named output's elements, flattened. */
    static float[] floats(OrtSession.Result result, String name) {
        OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow(() -> new AssertionError("no output " + name));
        FloatBuffer buffer = t.getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    static float[] runBare(Path file, Map<String, OnnxTensor> inputs, String output) throws OrtException {
        try (OrtSession session = bareSession(file); OrtSession.Result r = session.run(inputs)) {
            return floats(r, output);
        }
    }
}
