package io.proofmesh.simulator.testing;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.simulator.agent.Receipt;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every record of some topics, read from the start up to their end offsets, indexed by position (tests). */
public final class StoredEvents {

    private static final HexFormat HEX = HexFormat.of();

    /** One stored telemetry event: where it is and its dedupe key and body digest. */
    public record Stored(String topic, int partition, long offset, String nodeId, long seq, int eventIndex, String bodyDigest) {
        public String dedupeKey() {
            return nodeId + "/" + seq + "/" + eventIndex;
        }
    }

    private final Map<String, Stored> byPosition = new HashMap<>();
    private final List<Stored> all = new ArrayList<>();

    public static StoredEvents read(Settings kafkaSettings, String registryUrl, List<String> topics, Duration timeout) {
        StoredEvents out = new StoredEvents();
        KafkaClients kafka = new KafkaClients(kafkaSettings);
        try (KafkaConsumer<String, GenericRecord> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.generic(new SchemaRegistryClient(registryUrl)))) {
            RecordPolling.readToEnd(c, topics, timeout, r -> {
                GenericRecord v = r.value();
                GenericRecord prov = (GenericRecord) v.get("provenance");
                Stored s = new Stored(r.topic(), r.partition(), r.offset(), v.get("nodeId").toString(), (Long) v.get("seq"),
                        (Integer) v.get("eventIndex"), "0x" + HEX.formatHex(bytes(prov.get("bodyDigest"))));
                out.byPosition.put(key(r.topic(), r.partition(), r.offset()), s);
                out.all.add(s);
            });
        }
        return out;
    }

    private static byte[] bytes(Object o) {
        if (o instanceof GenericFixed f) {
            return f.bytes();
        }
        ByteBuffer b = ((ByteBuffer) o).duplicate();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private static String key(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    public Stored at(Receipt.EventPosition p) {
        return byPosition.get(key(p.topic(), p.partition(), p.offset()));
    }

    public List<Stored> all() {
        return all;
    }
}
