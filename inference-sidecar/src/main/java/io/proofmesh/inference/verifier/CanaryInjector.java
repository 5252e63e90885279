package io.proofmesh.inference.verifier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.inference.jobs.JobSubmitter;
import io.proofmesh.inference.model.ModelEntry;
import io.proofmesh.inference.runner.JobOutcome;
import io.proofmesh.inference.tensor.Dtype;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobStatus;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits canary jobs to {@code jobs.requests} that a node cannot tell from paid ones
 * (PROTOCOL.md §13.6): each copies a recently seen real job's model, requester, input names,
 * dtypes and shapes and its deadline allowance (deadline − submittedAt); its input values are
 * drawn with replacement from that job's own elements (same value distribution, new data); its
 * jobId comes from the same generator ({@code job-<uuid>}); and canaries arrive as a Poisson
 * process (exponential gaps), not on a detectable clock. The answer is computed with the
 * verifier's own catalogue and remembered (never on the wire) before the job is submitted.
 */
public final class CanaryInjector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryInjector.class);
    private static final int TEMPLATES = 64;

    private final Verifier verifier;
    private final JobSubmitter submitter;
    private final Random random;
    private final Duration meanInterval;
    private final Clock clock;
    private final Counter injected;
    private final ScheduledExecutorService scheduler;

    public CanaryInjector(Verifier verifier, JobSubmitter submitter, Random random, Duration meanInterval, Clock clock,
                          MeterRegistry metrics) {
        this.verifier = verifier;
        this.submitter = submitter;
        this.random = random;
        this.meanInterval = meanInterval;
        this.clock = clock;
        this.injected = Counter.builder("proofmesh_verifier_canaries_injected_total")
                .description("canary jobs submitted to jobs.requests").register(metrics);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "canary-injector");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the Poisson schedule; a zero mean interval means no canaries. */
    public CanaryInjector start() {
        if (!meanInterval.isZero()) {
            scheduleNext();
        }
        return this;
    }

    private void scheduleNext() {
        // exponential gap: -mean·ln(U), U in (0, 1]
        long gap = (long) (-meanInterval.toMillis() * Math.log(1 - random.nextDouble()));
        scheduler.schedule(() -> {
            try {
                injectOne();
            } catch (JobSubmitter.KafkaUnavailableException e) {
                LOG.warn("canary not submitted: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("canary injection failed", e);
            }
            scheduleNext();
        }, gap, TimeUnit.MILLISECONDS);
    }

    /**
     * Draws, answers and submits one canary; empty if no real job has been seen yet to draw it like
     * (or the drawn job does not run here).
     */
    public Optional<InferenceJob> injectOne() throws JobSubmitter.KafkaUnavailableException {
        Optional<InferenceJob> drawn = draw();
        if (drawn.isEmpty()) {
            return Optional.empty();
        }
        InferenceJob job = drawn.get();
        Optional<ModelEntry> entry = verifier.catalogue().entry(job.getModelId());
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        JobOutcome answer = verifier.rerun(job);
        if (answer.status() != JobStatus.OK) {
            return Optional.empty();
        }
        verifier.canaryIssued(new Canary(job.getJobId(), job.getModelId(), answer.outputs(), entry.get().tolerance()));
        submitter.submit(job);
        injected.increment();
        return Optional.of(job);
    }

    /** A new job drawn like a random recent real one; empty if none was seen. */
    Optional<InferenceJob> draw() {
        List<InferenceJob> templates = verifier.recentRealJobs(TEMPLATES).stream()
                .filter(j -> verifier.catalogue().entry(j.getModelId()).isPresent()).toList();
        if (templates.isEmpty()) {
            return Optional.empty();
        }
        InferenceJob t = templates.get(random.nextInt(templates.size()));
        List<Tensor> inputs = new ArrayList<>();
        for (Tensor in : t.getInputs()) {
            inputs.add(Tensor.newBuilder(in).setData(resample(in)).build());
        }
        Instant now = Instant.ofEpochMilli(clock.millis());
        long allowance = t.getDeadline().toEpochMilli() - t.getSubmittedAt().toEpochMilli();
        return Optional.of(InferenceJob.newBuilder()
                .setJobId("job-" + UUID.randomUUID())
                .setModelId(t.getModelId())
                .setInputs(inputs)
                .setSubmittedAt(now)
                .setDeadline(now.plusMillis(allowance))
                .setRequester(t.getRequester())
                .build());
    }

    /** The tensor's elements drawn with replacement: the same values' distribution, new data of the same size. */
    private ByteBuffer resample(Tensor in) {
        ByteBuffer src = in.getData().duplicate();
        byte[] bytes = new byte[src.remaining()];
        src.get(bytes);
        int size = Dtype.isSupported(in.getDtype()) ? Dtype.size(in.getDtype()) : 1;
        int count = bytes.length / size;
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < count; i++) {
            System.arraycopy(bytes, random.nextInt(count) * size, out, i * size, size);
        }
        return ByteBuffer.wrap(out);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
