package io.proofmesh.ingest.protocol;

import io.proofmesh.platform.crypto.Keccak256;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.serde.AvroBytes;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobStatus;
import io.proofmesh.schemas.telemetry.CapacityReport;
import io.proofmesh.schemas.telemetry.Heartbeat;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class EventMapperTest {

    private static final ProtocolVectors VECTORS = ProtocolVectors.load();
    private final EventMapper mapper = new EventMapper("ingest-7");

    private static VerifiedRequest accepted(String vector) throws RejectedRequestException {
        ProtocolVectors.Positive p = VECTORS.positive(vector);
        return VECTORS.accept(p.bodyBytes(), p.signature(), p.receivedAt());
    }

    @Test
    void oneRecordPerEventInRequestOrderOnItsTopic() throws Exception {
        VerifiedRequest v = accepted("three-events");
        List<MappedEvent> events = mapper.map(v);
        assertThat(events).extracting(MappedEvent::eventIndex).containsExactly(0, 1, 2);
        assertThat(events).extracting(MappedEvent::topic)
                .containsExactly("telemetry.heartbeats", "telemetry.capacity", "jobs.results");
        assertThat(events).extracting(MappedEvent::key).containsOnly(v.request().nodeId());

        Heartbeat hb = (Heartbeat) events.get(0).value();
        assertThat(hb.getNodeId()).isEqualTo(v.request().nodeId());
        assertThat(hb.getSeq()).isEqualTo(1);
        assertThat(hb.getEventIndex()).isZero();
        assertThat(hb.getSentAt()).isEqualTo(Instant.ofEpochMilli(v.request().sentAtMillis()));
        assertThat(hb.getCpuLoadPpm()).isEqualTo(250000);
        assertThat(hb.getAgentVersion()).isEqualTo("proofmesh-agent/0.1.0");

        CapacityReport cap = (CapacityReport) events.get(1).value();
        assertThat(cap.getEventIndex()).isEqualTo(1);
        assertThat(cap.getCapacity().getGpuModel()).isEqualTo("NVIDIA L4");
        assertThat(cap.getCapacity().getMaxConcurrentJobs()).isEqualTo(4);
        assertThat(cap.getAvailableSlots()).isEqualTo(2);

        JobResult job = (JobResult) events.get(2).value();
        assertThat(job.getEventIndex()).isEqualTo(2);
        assertThat(job.getJobId()).isEqualTo("job-000042");
        assertThat(job.getStatus()).isEqualTo(JobStatus.OK);
        assertThat(job.getOutputs()).singleElement().satisfies(t -> {
            assertThat(t.getDtype()).isEqualTo(TensorType.FLOAT32);
            assertThat(t.getShape()).containsExactly(1L, 2L);
            assertThat(AvroBytes.toArray(t.getData())).containsExactly(0, 0, 0x80, 0x3f, 0, 0, 0, 0x40);
        });
        assertThat(job.getOutputDigest().bytes()).isEqualTo(Keccak256.hash(AvroBytes.toArray(job.getOutputs().get(0).getData())));
        assertThat(job.getCompletedAt()).isEqualTo(Instant.ofEpochMilli(v.request().sentAtMillis() - 40));
    }

    @Test
    void everyProvenanceCarriesTheExactSignedBody() throws Exception {
        VerifiedRequest v = accepted("three-events");
        for (MappedEvent e : mapper.map(v)) {
            Provenance p = (Provenance) e.value().get(e.value().getSchema().getField("provenance").pos());
            assertThat(AvroBytes.toArray(p.getSignedBody())).isEqualTo(v.body());
            assertThat(p.getBodyDigest().bytes()).isEqualTo(Keccak256.hash(v.body()));
            assertThat(AvroBytes.toArray(p.getSignature())).isEqualTo(v.signature());
            assertThat(p.getSigner()).isEqualTo(v.signer());
            assertThat(p.getReceivedAt()).isEqualTo(v.receivedAt());
            assertThat(p.getIngestId()).isEqualTo("ingest-7");
            // A third party re-verifies from the record alone:
            assertThat(SignerRecoveries.pureJava().recoverPersonalSigner(AvroBytes.toArray(p.getSignedBody()), AvroBytes.toArray(p.getSignature())))
                    .isEqualTo(p.getSigner());
        }
    }

    @Test
    void afterKeyRotationTheSignerIsTheNewKeyAndNodeIdStays() throws Exception {
        VerifiedRequest v = accepted("rotated-key-utf8");
        JobResult job = (JobResult) mapper.map(v).get(0).value();
        assertThat(job.getNodeId()).isEqualTo(v.request().nodeId());
        assertThat(job.getProvenance().getSigner()).isEqualTo(v.signer()).isNotEqualTo(job.getNodeId());
        assertThat(job.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(job.getStatusMessage()).isEqualTo("GPU überhitzt — retry later\n");
        assertThat(job.getOutputs()).isEmpty();
    }

    @Test
    void recordsSurviveAnAvroRoundTrip() throws Exception {
        for (MappedEvent e : mapper.map(accepted("three-events"))) {
            SpecificRecord value = e.value();
            assertThat(roundTrip(value)).isEqualTo(value);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<T>(value.getSchema()).write(value, enc);
        enc.flush();
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(value.getSchema());
        return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
