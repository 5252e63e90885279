package io.proofmesh.inference.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proofmesh.inference.jobs.JobSubmitter;
import io.proofmesh.inference.model.DevModels;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.jobs.Verdict;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Canaries look like the real jobs they are drawn from, and their answer is known before they are sent. */
class CanaryInjectorTest {

    private static final Serializer<SpecificRecord> NONE = (topic, data) -> new byte[0];

    @Test
    void aCanaryCopiesARealJobsShapeRequesterAndDeadlineAllowanceWithFreshValues() throws Exception {
        VerifierTest.catalogues(java.nio.file.Files.createTempDirectory("canary-test"));
        try {
            Verifier v = VerifierTest.verifier(0);
            Random random = new Random(9);
            InferenceJob real = VerifierTest.mlpJob(random, Instant.now().minusSeconds(5), 45_000);
            v.jobSeen(real);
            MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null, new StringSerializer(), NONE);
            CanaryInjector injector = new CanaryInjector(v, new JobSubmitter(producer), new Random(1), Duration.ZERO,
                    Clock.systemUTC(), new SimpleMeterRegistry());

            InferenceJob canary = injector.injectOne().orElseThrow();
            assertThat(producer.history()).hasSize(1);
            assertThat(producer.history().get(0).topic()).isEqualTo("jobs.requests");
            assertThat(producer.history().get(0).key()).isEqualTo(canary.getJobId());
            assertThat(producer.history().get(0).value()).isEqualTo(canary);
            // the same shape as real jobs: the generator's id format, the requester, the allowance
            assertThat(canary.getJobId()).matches("job-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(canary.getJobId()).isNotEqualTo(real.getJobId());
            assertThat(canary.getRequester()).isEqualTo(real.getRequester());
            assertThat(canary.getModelId()).isEqualTo(real.getModelId());
            assertThat(canary.getDeadline().toEpochMilli() - canary.getSubmittedAt().toEpochMilli()).isEqualTo(45_000);
            assertThat(canary.getSchema()).isEqualTo(real.getSchema());
            Tensor in = canary.getInputs().get(0);
            Tensor realIn = real.getInputs().get(0);
            assertThat(in.getName()).isEqualTo(realIn.getName());
            assertThat(in.getShape()).isEqualTo(realIn.getShape());
            assertThat(in.getDtype()).isEqualTo(realIn.getDtype());
            // values drawn from the real job's own values, but not a copy of its data
            List<Float> realValues = floats(realIn);
            assertThat(floats(in)).allMatch(realValues::contains);
            assertThat(floats(in)).isNotEqualTo(realValues);

            // the verifier knows it as a canary and holds its answer: an honest run matches
            assertThat(v.isCanary(canary.getJobId())).isTrue();
            assertThat(v.recentRealJobs(10)).extracting(InferenceJob::getJobId).containsExactly(real.getJobId());
            var answer = VerifierTest.run(VerifierTest.honestRun, canary);
            assertThat(answer.status()).isEqualTo(JobStatus.OK);
            var verdict = v.verify(VerifierTest.resultOf(answer), false).verification();
            assertThat(verdict.getCanary()).isTrue();
            assertThat(verdict.getVerdict()).isEqualTo(Verdict.MATCH);
        } finally {
            VerifierTest.close();
        }
    }

    @Test
    void noCanaryBeforeAnyRealJobWasSeen() throws Exception {
        VerifierTest.catalogues(java.nio.file.Files.createTempDirectory("canary-test"));
        try {
            Verifier v = VerifierTest.verifier(0);
            MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null, new StringSerializer(), NONE);
            CanaryInjector injector = new CanaryInjector(v, new JobSubmitter(producer), new Random(1), Duration.ZERO,
                    Clock.systemUTC(), new SimpleMeterRegistry());
            assertThat(injector.injectOne()).isEmpty();
            assertThat(producer.history()).isEmpty();
        } finally {
            VerifierTest.close();
        }
    }

    private static List<Float> floats(Tensor t) {
        ByteBuffer b = t.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<Float> out = new ArrayList<>();
        while (b.remaining() >= 4) {
            out.add(b.getFloat());
        }
        return out;
    }
}
