package io.proofmesh.inference.runner;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.proofmesh.inference.model.ModelCatalogue;
import io.proofmesh.inference.model.ModelEntry;
import io.proofmesh.inference.model.ModelSession;
import io.proofmesh.inference.model.UnavailableModelException;
import io.proofmesh.inference.model.UnknownModelException;
import io.proofmesh.inference.tensor.InvalidTensorException;
import io.proofmesh.inference.tensor.OutputDigest;
import io.proofmesh.inference.tensor.TensorCodec;
import io.proofmesh.inference.tensor.TensorSpec;
import io.proofmesh.inference.tensor.TensorStack;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs jobs of one model and says what came of each (PROTOCOL.md §13): a job past its deadline is
 * answered DEADLINE_EXCEEDED without running, an unknown model UNKNOWN_MODEL, a broken one FAILED,
 * inputs that do not fit the model INVALID_INPUT (the message names the tensor and the rule), and
 * otherwise OK with the outputs and their digest. Several jobs of a batchable model run as one
 * batch (inputs stacked along dimension 0, outputs split back); a job never sees another's data.
 * Nothing here throws for a bad job: one poison input cannot stop the sidecar.
 */
public final class JobExecutor {

    /** A job as the runner pulled it, with when it arrived. */
    public record QueuedJob(InferenceJob job, long receivedAtMillis) {}

    private final ModelCatalogue catalogue;
    private final TensorCodec codec;
    private final OrtEnvironment env;
    private final Clock clock;
    private final double perturbation;

    public JobExecutor(ModelCatalogue catalogue, TensorCodec codec, OrtEnvironment env, Clock clock) {
        this(catalogue, codec, env, clock, 0);
    }

    /**
     * {@code perturbation} ≠ 0 makes a dishonest node for the demo: it is added to every FLOAT32
     * output element before the digest, so the result is well-formed, signed and wrong.
     */
    public JobExecutor(ModelCatalogue catalogue, TensorCodec codec, OrtEnvironment env, Clock clock, double perturbation) {
        this.catalogue = catalogue;
        this.codec = codec;
        this.env = env;
        this.clock = clock;
        this.perturbation = perturbation;
    }

    /** Outcomes of {@code jobs}, in order; all must name the same model. */
    public List<JobOutcome> run(List<QueuedJob> jobs) {
        List<JobOutcome> out = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            out.add(null);
        }
        long start = clock.millis();
        String modelId = jobs.get(0).job().getModelId();
        ModelSession session;
        try {
            session = catalogue.session(modelId);
        } catch (UnknownModelException e) {
            fillAll(jobs, out, JobStatus.UNKNOWN_MODEL, "no model '" + modelId + "' in this sidecar's catalogue", start);
            return out;
        } catch (UnavailableModelException e) {
            fillAll(jobs, out, JobStatus.FAILED, "model '" + modelId + "' is unavailable here: " + e.getMessage(), start);
            return out;
        }
        String provider = session.provider().ortName();
        ModelEntry entry = session.entry();
        List<Integer> runnable = new ArrayList<>();
        List<List<Tensor>> inputs = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            QueuedJob q = jobs.get(i);
            long queueMs = Math.max(0, start - q.receivedAtMillis());
            if (start > q.job().getDeadline().toEpochMilli()) {
                out.set(i, JobOutcome.refused(q.job().getJobId(), modelId, JobStatus.DEADLINE_EXCEEDED,
                        "deadline " + q.job().getDeadline() + " passed before the job could run", queueMs, provider, start));
                continue;
            }
            try {
                List<Tensor> ins = TensorCodec.inputsFor(q.job(), entry.inputs());
                for (int k = 0; k < ins.size(); k++) {
                    codec.validate(ins.get(k), entry.inputs().get(k));
                }
                runnable.add(i);
                inputs.add(ins);
            } catch (InvalidTensorException e) {
                out.set(i, JobOutcome.refused(q.job().getJobId(), modelId, JobStatus.INVALID_INPUT,
                        e.getMessage(), queueMs, provider, start));
            }
        }
        if (runnable.isEmpty()) {
            return out;
        }
        if (entry.batchable() && runnable.size() > 1) {
            runBatch(jobs, runnable, inputs, session, out, start);
        } else {
            for (int r = 0; r < runnable.size(); r++) {
                runBatch(jobs, List.of(runnable.get(r)), List.of(inputs.get(r)), session, out, start);
            }
        }
        return out;
    }

    private void runBatch(List<QueuedJob> jobs, List<Integer> which, List<List<Tensor>> inputs, ModelSession session,
                          List<JobOutcome> out, long start) {
        ModelEntry entry = session.entry();
        String provider = session.provider().ortName();
        List<Long> batchSizes = new ArrayList<>();
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (List<Tensor> ins : inputs) {
                List<Long> shape = ins.get(0).getShape();
                batchSizes.add(shape.isEmpty() ? 1L : shape.get(0));
            }
            for (int k = 0; k < entry.inputs().size(); k++) {
                TensorSpec spec = entry.inputs().get(k);
                List<Tensor> column = new ArrayList<>();
                for (List<Tensor> ins : inputs) {
                    column.add(ins.get(k));
                }
                Tensor t = column.size() == 1 ? column.get(0) : TensorStack.stack(column);
                feed.put(spec.name(), codec.toOnnx(env, t, spec));
            }
            long t0 = System.nanoTime();
            List<List<Tensor>> perJob = new ArrayList<>();
            for (int j = 0; j < which.size(); j++) {
                perJob.add(new ArrayList<>());
            }
            try (OrtSession.Result result = session.run(feed)) {
                for (TensorSpec o : entry.outputs()) {
                    OnnxValue v = result.get(o.name()).orElseThrow(() -> new IllegalStateException("model gave no output " + o.name()));
                    Tensor whole = perturb(TensorCodec.fromOnnx(o.name(), v));
                    List<Tensor> parts = which.size() == 1 ? List.of(whole) : TensorStack.unstack(whole, batchSizes);
                    for (int j = 0; j < which.size(); j++) {
                        perJob.get(j).add(parts.get(j));
                    }
                }
            }
            long computeMs = (System.nanoTime() - t0) / 1_000_000;
            long done = clock.millis();
            for (int j = 0; j < which.size(); j++) {
                int i = which.get(j);
                InferenceJob job = jobs.get(i).job();
                out.set(i, new JobOutcome(job.getJobId(), job.getModelId(), JobStatus.OK, null, perJob.get(j),
                        OutputDigest.of(perJob.get(j), entry.tolerance()), Math.max(0, start - jobs.get(i).receivedAtMillis()),
                        computeMs, provider, done));
            }
        } catch (OrtException | InvalidTensorException | RuntimeException e) {
            for (int i : which) {
                InferenceJob job = jobs.get(i).job();
                out.set(i, JobOutcome.refused(job.getJobId(), job.getModelId(), JobStatus.FAILED,
                        "the model failed: " + e.getMessage(), Math.max(0, start - jobs.get(i).receivedAtMillis()), provider,
                        clock.millis()));
            }
        } finally {
            OnnxValue.close(feed.values());
        }
    }

    private Tensor perturb(Tensor t) {
        if (perturbation == 0 || t.getDtype() != io.proofmesh.schemas.common.TensorType.FLOAT32) {
            return t;
        }
        java.nio.ByteBuffer in = t.getData().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(in.remaining()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= 4) {
            out.putFloat((float) (in.getFloat() + perturbation));
        }
        return Tensor.newBuilder(t).setData(java.nio.ByteBuffer.wrap(out.array())).build();
    }

    private static void fillAll(List<QueuedJob> jobs, List<JobOutcome> out, JobStatus status, String message, long now) {
        for (int i = 0; i < jobs.size(); i++) {
            QueuedJob q = jobs.get(i);
            out.set(i, JobOutcome.refused(q.job().getJobId(), q.job().getModelId(), status, message,
                    Math.max(0, now - q.receivedAtMillis()), "none", now));
        }
    }
}
