package io.proofmesh.app;

import io.proofmesh.platform.crypto.InvalidSignatureException;
import io.proofmesh.platform.crypto.Keccak256;
import io.proofmesh.platform.crypto.SignerRecovery;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.platform.protocol.ProbeResultMessage;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroBytes;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.WireFormat;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a set of nodes left in the topics and re-verifies it from the records alone, the
 * way a third party would (PROTOCOL.md §7 and §9.7): each event's {@code Provenance} —
 * keccak256 of the signed body equals the digest, the EIP-191 signer of the body is the
 * recorded signer — and each probe's node and prober signatures.
 */
final class TelemetryReadBack {

    static final List<String> EVENT_TOPICS =
            List.of(TopicCatalog.HEARTBEATS.name(), TopicCatalog.CAPACITY.name(), TopicCatalog.JOB_RESULTS.name());

    /** Events per topic, how many re-verified, and the wire-format header of one record. */
    record Events(Map<String, Integer> perTopic, int verified, int total, int distinct, String firstHeader) {
        boolean allVerified() {
            return verified == total;
        }
    }

    /** One stored probe, reduced to what the demo prints. */
    record Probe(String nodeId, ProbeOutcome outcome, Long rttMicros) {
    }

    /** Probes by outcome, each probe, and how many carried valid signatures. */
    record Probes(Map<ProbeOutcome, Integer> byOutcome, List<Probe> all, int signaturesValid, int total) {
    }

    private final KafkaClients kafka;
    private final SchemaRegistryClient registry;
    private final SignerRecovery recovery;

    TelemetryReadBack(KafkaClients kafka, SchemaRegistryClient registry, SignerRecovery recovery) {
        this.kafka = kafka;
        this.registry = registry;
        this.recovery = recovery;
    }

    Events events(Set<String> nodes) {
        Map<String, Integer> perTopic = new TreeMap<>();
        int verified = 0;
        int total = 0;
        String header = null;
        Set<String> keys = new java.util.HashSet<>();
        AvroDeserializer<GenericRecord> decoder = AvroDeserializer.generic(registry);
        for (String topic : EVENT_TOPICS) {
            for (ConsumerRecord<String, byte[]> r : readAll(topic)) {
                if (!nodes.contains(r.key())) {
                    continue;
                }
                GenericRecord v = decoder.deserialize(topic, r.value());
                perTopic.merge(topic, 1, Integer::sum);
                total++;
                keys.add(v.get("nodeId") + "/" + v.get("seq") + "/" + v.get("eventIndex")); // the dedupe key (PROTOCOL.md §5)
                if (reverifies(v)) {
                    verified++;
                }
                if (header == null) {
                    byte[] b = r.value();
                    header = String.format("%02x | %02x %02x %02x %02x (schema id %d) | %d bytes of Avro binary", b[0], b[1], b[2],
                            b[3], b[4], WireFormat.schemaId(topic, b), b.length - WireFormat.HEADER_SIZE);
                }
            }
        }
        return new Events(perTopic, verified, total, keys.size(), header);
    }

    private boolean reverifies(GenericRecord event) {
        GenericRecord p = (GenericRecord) event.get("provenance");
        byte[] body = AvroBytes.toArray((ByteBuffer) p.get("signedBody"));
        byte[] digest = ((org.apache.avro.generic.GenericFixed) p.get("bodyDigest")).bytes();
        if (!java.util.Arrays.equals(Keccak256.hash(body), digest)) {
            return false;
        }
        try {
            return recovery.recoverPersonalSigner(body, AvroBytes.toArray((ByteBuffer) p.get("signature"))).equals(p.get("signer").toString());
        } catch (InvalidSignatureException e) {
            return false;
        }
    }

    Probes probes(Set<String> nodes, String network, long chainId) {
        Map<ProbeOutcome, Integer> byOutcome = new EnumMap<>(ProbeOutcome.class);
        List<Probe> all = new ArrayList<>();
        int valid = 0;
        int total = 0;
        AvroDeserializer<LatencyProbe> decoder = AvroDeserializer.specific(registry, LatencyProbe.class);
        for (ConsumerRecord<String, byte[]> r : readAll(TopicCatalog.PROBES.name())) {
            if (!nodes.contains(r.key())) {
                continue;
            }
            LatencyProbe p = decoder.deserialize(r.topic(), r.value());
            byOutcome.merge(p.getOutcome(), 1, Integer::sum);
            all.add(new Probe(p.getNodeId(), p.getOutcome(), p.getRttMicros()));
            total++;
            if (probeSignaturesValid(p, network, chainId)) {
                valid++;
            }
        }
        return new Probes(byOutcome, all, valid, total);
    }

    /** The prober signed the result; an OK probe also carries the node's signature over the challenge. */
    private boolean probeSignaturesValid(LatencyProbe p, String network, long chainId) {
        try {
            byte[] result = ProbeResultMessage.of(p, network, chainId).signedMessage();
            if (!recovery.recoverPersonalSigner(result, AvroBytes.toArray(p.getProberSignature())).equals(p.getProberAddress())) {
                return false;
            }
            if (p.getOutcome() != ProbeOutcome.OK) {
                return true;
            }
            byte[] challenge = new ProbeChallenge(network, chainId, p.getProberId(), p.getNodeId(), AvroBytes.toArray(p.getNonce())).signedMessage();
            return recovery.recoverPersonalSigner(challenge, AvroBytes.toArray(p.getNodeSignature())).equals(p.getNodeId());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            RecordPolling.readToEnd(c, List.of(topic), Duration.ofSeconds(30), out::add);
        }
        return out;
    }

}
