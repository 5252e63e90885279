package io.proofmesh.inference.service;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.proofmesh.inference.model.ModelEntry;
import io.proofmesh.inference.tensor.InvalidTensorException;
import io.proofmesh.inference.tensor.TensorCodec;
import io.proofmesh.inference.tensor.TensorSpec;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.jobs.InferenceJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One bare ORT session on a model file: what each job's outputs should be, run alone (tests). */
final class ReferenceRun implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final ModelEntry entry;

    ReferenceRun(Path modelsDir, ModelEntry entry) throws OrtException {
        this.entry = entry;
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            this.session = env.createSession(modelsDir.resolve(entry.file()).toString(), o);
        }
    }

    List<Tensor> outputs(InferenceJob job) throws OrtException, InvalidTensorException {
        Map<String, OnnxTensor> feed = new TensorCodec().toOnnxInputs(env, job, entry.inputs());
        try (OrtSession.Result r = session.run(feed)) {
            List<Tensor> out = new ArrayList<>();
            for (TensorSpec spec : entry.outputs()) {
                out.add(TensorCodec.fromOnnx(spec.name(), r.get(spec.name()).orElseThrow()));
            }
            return out;
        } finally {
            OnnxValue.close(feed.values());
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
