package io.proofmesh.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.platform.testing.TopicReader;
import io.proofmesh.platform.topics.TopicBootstrap;
import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The serde against the DevStack's real broker and registry. */
@DevStackTest
class AvroSerdeIT {

    private static Settings settings(DevStack stack) {
        return FastTestProfile.settings(stack);
    }

    /** A fresh topic shaped like clock.ticks, so tests don't see each other's records. */
    private static String freshTopic(DevStack stack, String prefix) {
        TopicSpec base = TopicCatalog.CLOCK_TICKS;
        TopicSpec spec = new TopicSpec(prefix + "-" + UUID.randomUUID(), base.keyFormat(), base.valueClass(), base.valueSchema(),
                1, base.cleanupPolicy(), base.retention(), base.timestampType(), null, "test topic");
        try (Admin admin = new KafkaClients(settings(stack)).admin()) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(List.of(spec));
        }
        return spec.name();
    }

    private static Tick tick(int seq) {
        return Tick.newBuilder().setPartition(0).setSeq(seq).setEmitterId("it")
                .setEmittedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(DevStack stack, String topic, int expected) {
        KafkaClients kafka = new KafkaClients(settings(stack));
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(kafka.consumerConfig(null),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            return TopicReader.readFromStart(c, topic, 0, expected, Duration.ofSeconds(20));
        }
    }

    @Test
    void producedBytesStartWithMagicZeroAndASchemaIdTheRegistryResolves(DevStack stack) throws Exception {
        String topic = freshTopic(stack, "wire");
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        KafkaClients kafka = new KafkaClients(settings(stack));
        try (KafkaProducer<String, Tick> p = new KafkaProducer<>(kafka.producerConfig("it"), new StringSerializer(),
                new AvroSerializer<>(registry, false))) {
            p.send(new ProducerRecord<>(topic, "0", tick(1))).get();
        }
        byte[] value = readAll(stack, topic, 1).get(0).value();

        assertThat(value[0]).as("magic byte").isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(value, 1, 4).getInt();

        // Resolve the id with a plain HTTP call, not our client: this is what kcat or Flink would do.
        HttpResponse<String> resp = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/schemas/ids/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isEqualTo(200);
        String schemaText = new ObjectMapper().readTree(resp.body()).path("schema").asText();
        assertThat(new Schema.Parser().parse(schemaText)).isEqualTo(Tick.getClassSchema());
    }

    @Test
    void specificAndGenericRecordsRoundTrip(DevStack stack) throws Exception {
        String topic = freshTopic(stack, "roundtrip");
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        KafkaClients kafka = new KafkaClients(settings(stack));
        Tick specific = tick(7);
        GenericRecord generic = new GenericData.Record(Tick.getClassSchema());
        generic.put("partition", 3);
        generic.put("seq", 8L);
        generic.put("emitterId", "generic-writer");
        generic.put("emittedAt", Instant.ofEpochMilli(1_700_000_000_123L));
        try (KafkaProducer<String, org.apache.avro.generic.GenericContainer> p = new KafkaProducer<>(kafka.producerConfig("it"), new StringSerializer(),
                new AvroSerializer<>(registry, false))) {
            RecordMetadata a = p.send(new ProducerRecord<>(topic, "a", specific)).get();
            RecordMetadata b = p.send(new ProducerRecord<>(topic, "b", generic)).get();
            assertThat(b.offset()).isEqualTo(a.offset() + 1);
        }
        List<ConsumerRecord<String, byte[]>> raw = readAll(stack, topic, 2);
        assertThat(raw).hasSize(2);
        // One schema, so both records carry the same id.
        assertThat(WireFormat.schemaId(topic, raw.get(0).value())).isEqualTo(WireFormat.schemaId(topic, raw.get(1).value()));

        AvroDeserializer<Tick> asSpecific = AvroDeserializer.specific(new SchemaRegistryClient(stack.registryUrl()), Tick.class);
        assertThat(asSpecific.deserialize(topic, raw.get(0).value())).isEqualTo(specific);
        Tick fromGeneric = asSpecific.deserialize(topic, raw.get(1).value());
        assertThat(fromGeneric.getSeq()).isEqualTo(8L);
        assertThat(fromGeneric.getEmittedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));

        AvroDeserializer<GenericRecord> asGeneric = AvroDeserializer.generic(new SchemaRegistryClient(stack.registryUrl()));
        GenericRecord g = asGeneric.deserialize(topic, raw.get(0).value());
        assertThat(g.get("seq")).isEqualTo(7L);
        assertThat(g.get("emitterId").toString()).isEqualTo("it");
    }

    @Test
    void aRecordWithAnUnknownSchemaIdFailsNamingTopicPartitionOffsetAndId(DevStack stack) throws Exception {
        String topic = freshTopic(stack, "unknown-id");
        int bogusId = 987_654;
        byte[] framed = ByteBuffer.allocate(7).put((byte) 0).putInt(bogusId).put((byte) 2).put((byte) 4).array();
        KafkaClients kafka = new KafkaClients(settings(stack));
        long offset;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(kafka.producerConfig("it"), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            offset = p.send(new ProducerRecord<>(topic, "k".getBytes(), framed)).get().offset();
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        try (KafkaConsumer<String, Tick> c = new KafkaConsumer<>(kafka.consumerConfig(null), new StringDeserializer(),
                AvroDeserializer.specific(registry, Tick.class))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            assertThatThrownBy(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline) {
                    RecordPolling.poll(c, Duration.ofMillis(200));
                }
            })
                    .isInstanceOf(UndecodableRecordException.class)
                    .hasMessageContaining("topic " + topic)
                    .hasMessageContaining("partition 0")
                    .hasMessageContaining("offset " + offset)
                    .hasMessageContaining("schema id " + bogusId)
                    .satisfies(e -> assertThat(((UndecodableRecordException) e).schemaId()).isEqualTo(bogusId));
        }
    }

    @Test
    void recordsLargerThanTheBufferRoundTripAndLaterSmallOnesStillDo(DevStack stack) {
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl());
        AvroSerializer<RejectedEvent> ser = new AvroSerializer<>(registry, false);
        AvroDeserializer<RejectedEvent> de = AvroDeserializer.specific(registry, RejectedEvent.class);
        String topic = TopicCatalog.REJECTED.name();
        for (int size : new int[] {10, 300, 70_000, 2_000_000, 12}) {
            byte[] raw = new byte[size];
            new java.util.Random(size).nextBytes(raw);
            RejectedEvent e = RejectedEvent.newBuilder()
                    .setReasonCode("BODY_TOO_LARGE").setMessage("size " + size)
                    .setStage(io.proofmesh.schemas.telemetry.RejectionStage.INGEST)
                    .setReceivedAt(Instant.ofEpochMilli(1_790_000_000_000L))
                    .setRawBytes(ByteBuffer.wrap(raw)).setRawTruncated(false).setRawSize(size)
                    .build();
            byte[] framed = ser.serialize(topic, e);
            assertThat(framed.length).isGreaterThan(size + WireFormat.HEADER_SIZE);
            assertThat(de.deserialize(topic, framed)).as("size %d", size).isEqualTo(e);
        }
    }

    @Test
    void serdesConfiguredByClassNameAsOtherKafkaToolsDoRoundTrip(DevStack stack) throws Exception {
        String topic = freshTopic(stack, "by-class-name");
        Map<String, Object> pc = new java.util.HashMap<>(new KafkaClients(settings(stack)).producerConfig("it"));
        pc.put("key.serializer", StringSerializer.class.getName());
        pc.put("value.serializer", AvroSerializer.class.getName());
        pc.put(AvroSerializer.REGISTRY_URL_CONFIG, stack.registryUrl());
        Tick tick = tick(99);
        try (KafkaProducer<String, Tick> p = new KafkaProducer<>(pc)) {
            p.send(new ProducerRecord<>(topic, "k", tick)).get();
        }
        Map<String, Object> cc = new java.util.HashMap<>(new KafkaClients(settings(stack)).consumerConfig(null));
        cc.put("key.deserializer", StringDeserializer.class.getName());
        cc.put("value.deserializer", AvroDeserializer.class.getName());
        cc.put(AvroDeserializer.REGISTRY_URL_CONFIG, stack.registryUrl());
        cc.put(AvroDeserializer.SPECIFIC_CLASS_CONFIG, Tick.class.getName());
        try (KafkaConsumer<String, Tick> c = new KafkaConsumer<>(cc)) {
            assertThat(TopicReader.readFromStart(c, topic, 0, 1, Duration.ofSeconds(20)))
                    .extracting(ConsumerRecord::value).containsExactly(tick);
        }
    }
}
