package io.proofmesh.inference.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.proofmesh.inference.tensor.TensorSpec;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One loaded model: its manifest entry and its ONNX Runtime session.
 *
 * <p>{@link #run} may be called from many threads at once (ORT sessions are thread-safe for
 * {@code run}); {@link #close} waits for runs in flight, and later runs fail with
 * {@link IllegalStateException} instead of touching a freed native session.
 */
public final class ModelSession implements AutoCloseable {

    private final ModelEntry entry;
    private final OrtSession session;
    private final OrtSession.SessionOptions options;
    private final ExecutionProvider provider;
    private final Set<String> outputNames;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    ModelSession(ModelEntry entry, OrtSession session, OrtSession.SessionOptions options, ExecutionProvider provider) {
        this.entry = entry;
        this.session = session;
        this.options = options;
        this.provider = provider;
        Set<String> names = new LinkedHashSet<>();
        for (TensorSpec out : entry.outputs()) {
            names.add(out.name());
        }
        this.outputNames = Set.copyOf(names);
    }

    public String modelId() {
        return entry.modelId();
    }

    public ModelEntry entry() {
        return entry;
    }

    /** The provider the session was created with (what a result records). */
    public ExecutionProvider provider() {
        return provider;
    }

    /**
     * Runs the model on named inputs and returns the manifest's outputs (the caller closes the
     * result). The tensors' names, types and shapes are the caller's to validate first; ORT's own
     * error for a bad tensor arrives as {@link OrtException}.
     */
    public OrtSession.Result run(Map<String, OnnxTensor> inputs) throws OrtException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model session " + entry.modelId() + " is closed");
            }
            return session.run(inputs, outputNames);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                // Freeing a session only fails on a broken native state; nothing to do at shutdown.
            } finally {
                options.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
