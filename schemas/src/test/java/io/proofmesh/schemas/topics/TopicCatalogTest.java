package io.proofmesh.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.telemetry.Heartbeat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopicCatalogTest {

  /** DESIGN.md's topic table: name, value record, cleanup, in table order. */
  private static final Map<String, Object[]> DESIGN_TABLE = new LinkedHashMap<>();

  static {
    row("nodes.registry", "NodeRegistration", CleanupPolicy.COMPACT);
    row("telemetry.heartbeats", "Heartbeat", CleanupPolicy.DELETE);
    row("telemetry.capacity", "CapacityReport", CleanupPolicy.DELETE);
    row("telemetry.probes", "LatencyProbe", CleanupPolicy.DELETE);
    row("telemetry.rejected", "RejectedEvent", CleanupPolicy.DELETE);
    row("telemetry.late", "LateEvent", CleanupPolicy.DELETE);
    row("clock.ticks", "Tick", CleanupPolicy.DELETE);
    row("jobs.requests", "InferenceJob", CleanupPolicy.DELETE);
    row("jobs.results", "JobResult", CleanupPolicy.DELETE);
    row("jobs.verifications", "JobVerification", CleanupPolicy.DELETE);
    row("scores.epoch", "NodeEpochScore", CleanupPolicy.COMPACT);
    row("epochs.closed", "EpochClosed", CleanupPolicy.COMPACT);
    row("rewards.entries", "RewardEntry", CleanupPolicy.COMPACT);
    row("rewards.batches", "RewardBatch", CleanupPolicy.COMPACT);
    row("rewards.settlements", "SettlementReceipt", CleanupPolicy.COMPACT);
    row("config.scoring-policy", "ScoringPolicy", CleanupPolicy.COMPACT);
  }

  private static final Set<String> LOG_APPEND_TIME = Set.of("telemetry.heartbeats",
      "telemetry.capacity", "telemetry.probes", "telemetry.rejected", "telemetry.late",
      "clock.ticks", "jobs.results", "jobs.verifications");

  private static final Set<String> NODE_GROUP = Set.of("nodes.registry", "telemetry.heartbeats",
      "telemetry.capacity", "telemetry.probes", "telemetry.rejected", "telemetry.late",
      "clock.ticks", "jobs.results", "jobs.verifications", "scores.epoch", "rewards.entries");

  private static void row(String topic, String valueRecord, CleanupPolicy cleanup) {
    DESIGN_TABLE.put(topic, new Object[] {valueRecord, cleanup});
  }

  @Test
  void everyDesignTopicIsPresentInTableOrderWithItsValueAndCleanup() {
    assertThat(TopicCatalog.all()).extracting(TopicSpec::name)
        .containsExactlyElementsOf(DESIGN_TABLE.keySet());
    for (TopicSpec t : TopicCatalog.all()) {
      Object[] expected = DESIGN_TABLE.get(t.name());
      assertThat(t.valueClass().getSimpleName()).as(t.name()).isEqualTo(expected[0]);
      assertThat(t.cleanupPolicy()).as(t.name()).isEqualTo(expected[1]);
      assertThat(t.valueSchema()).as(t.name()).isSameAs(SpecificData.get().getSchema(t.valueClass()));
      assertThat(t.valueSchema().getNamespace()).as(t.name()).startsWith("io.proofmesh.schemas.");
      assertThat(t.description()).as(t.name()).isNotBlank();
    }
  }

  @Test
  void lateTimestampedTopicsUseBrokerAppendTime() {
    for (TopicSpec t : TopicCatalog.all()) {
      TimestampType expected = LOG_APPEND_TIME.contains(t.name())
          ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
      assertThat(t.timestampType()).as(t.name()).isEqualTo(expected);
    }
  }

  @Test
  void retentionCoversTheAuditHorizonAndCompactedTopicsNeverExpire() {
    Duration ninetyDays = Duration.ofDays(90);
    for (TopicSpec t : TopicCatalog.all()) {
      Optional<Duration> expected = switch (t.name()) {
        case "clock.ticks", "jobs.requests" -> Optional.of(Duration.ofDays(7));
        default -> t.cleanupPolicy() == CleanupPolicy.COMPACT ? Optional.empty() : Optional.of(ninetyDays);
      };
      assertThat(t.retention()).as(t.name()).isEqualTo(expected);
    }
  }

  @Test
  void nodeGroupIsCoPartitionedAndResizedTogether() {
    assertThat(TopicCatalog.all()).filteredOn(t -> "node".equals(t.coPartitionGroup()))
        .extracting(TopicSpec::name).containsExactlyInAnyOrderElementsOf(NODE_GROUP);
    assertThat(TopicCatalog.all()).filteredOn(t -> NODE_GROUP.contains(t.name()))
        .extracting(TopicSpec::partitions).containsOnly(12);

    Map<String, Integer> partitions = new LinkedHashMap<>();
    TopicCatalog.all().forEach(t -> partitions.put(t.name(), t.partitions()));
    assertThat(partitions).containsEntry("jobs.requests", 12).containsEntry("epochs.closed", 3)
        .containsEntry("rewards.batches", 1).containsEntry("rewards.settlements", 1)
        .containsEntry("config.scoring-policy", 1);

    List<TopicSpec> resized = TopicCatalog.withNodePartitions(3);
    assertThat(resized).extracting(TopicSpec::name)
        .containsExactlyElementsOf(DESIGN_TABLE.keySet());
    for (TopicSpec t : resized) {
      int expected = NODE_GROUP.contains(t.name()) ? 3 : partitions.get(t.name());
      assertThat(t.partitions()).as(t.name()).isEqualTo(expected);
    }
  }

  @Test
  void topicConfigsUseKafkaNamesAndValues() {
    assertThat(TopicCatalog.HEARTBEATS.topicConfigs()).containsExactly(
        Map.entry("cleanup.policy", "delete"),
        Map.entry("retention.ms", Long.toString(Duration.ofDays(90).toMillis())),
        Map.entry("message.timestamp.type", "LogAppendTime"));
    assertThat(TopicCatalog.REWARD_BATCHES.topicConfigs()).containsExactly(
        Map.entry("cleanup.policy", "compact"),
        Map.entry("retention.ms", "-1"),
        Map.entry("message.timestamp.type", "CreateTime"));
  }

  @Test
  void lookupAndSubjects() {
    assertThat(TopicCatalog.byName("clock.ticks")).isSameAs(TopicCatalog.CLOCK_TICKS);
    assertThatThrownBy(() -> TopicCatalog.byName("telemetry.heartbeat"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("telemetry.heartbeat'")
        .hasMessageContaining("telemetry.heartbeats, telemetry.capacity");
    assertThat(TopicCatalog.valueSubject(TopicCatalog.HEARTBEATS)).isEqualTo("telemetry.heartbeats-value");
    assertThat(TopicCatalog.keySubject(TopicCatalog.SCORING_POLICY)).isEqualTo("config.scoring-policy-key");
  }

  @Test
  void everyRecordEnumFixedAndFieldIsDocumented() {
    List<String> undocumented = new ArrayList<>();
    forEachNamedType(s -> {
      if (isBlank(s.getDoc())) {
        undocumented.add(s.getFullName());
      }
      if (s.getType() == Schema.Type.RECORD) {
        s.getFields().stream().filter(f -> isBlank(f.doc()))
            .forEach(f -> undocumented.add(s.getFullName() + "." + f.name()));
      }
    });
    assertThat(undocumented).isEmpty();
  }

  @Test
  void schemaConventionsHold() {
    List<String> violations = new ArrayList<>();
    forEachNamedType(s -> {
      if (s.getType() == Schema.Type.ENUM) {
        List<String> symbols = s.getEnumSymbols();
        if (!"UNKNOWN".equals(s.getEnumDefault()) || !"UNKNOWN".equals(symbols.get(symbols.size() - 1))) {
          violations.add(s.getFullName() + ": enum needs UNKNOWN as last symbol and default");
        }
      }
      if (s.getType() != Schema.Type.RECORD) {
        return;
      }
      for (Schema.Field f : s.getFields()) {
        String where = s.getFullName() + "." + f.name();
        if (f.schema().getType() == Schema.Type.UNION) {
          List<Schema> branches = f.schema().getTypes();
          if (branches.size() != 2 || branches.get(0).getType() != Schema.Type.NULL
              || !f.hasDefaultValue() || f.defaultVal() != org.apache.avro.JsonProperties.NULL_VALUE) {
            violations.add(where + ": nullable fields are [\"null\", T] with default null");
          }
        }
        if (f.name().endsWith("At") && !(f.schema().getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
          violations.add(where + ": times are timestamp-millis");
        }
      }
    });
    assertThat(violations).isEmpty();
  }

  static List<TopicSpec> topics() {
    return TopicCatalog.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void valueRoundTripsThroughAvroBinary(TopicSpec topic) throws IOException {
    SpecificRecord sample = (SpecificRecord) sample(topic.valueSchema(), SpecificData.getForClass(topic.valueClass()));

    assertThat(roundTrip(sample, topic.valueClass())).isEqualTo(sample);
  }

  @Test
  void builtHeartbeatRoundTripsWithJavaTypes() throws IOException {
    byte[] digest = new byte[32];
    digest[31] = 7;
    Heartbeat heartbeat = Heartbeat.newBuilder()
        .setNodeId("0x00000000000000000000000000000000000000aa")
        .setSeq(42L)
        .setEventIndex(1)
        .setSentAt(Instant.ofEpochMilli(1_700_000_000_123L))
        .setUptimeSeconds(3600L)
        .setCpuLoadPpm(250_000)
        .setGpuLoadPpm(0)
        .setActiveJobs(0)
        .setAgentVersion("0.1.0")
        .setProvenance(Provenance.newBuilder()
            .setSigner("0x00000000000000000000000000000000000000aa")
            .setSignature(ByteBuffer.wrap(new byte[65]))
            .setSignedBody(ByteBuffer.wrap("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .setBodyDigest(new Bytes32(digest))
            .setReceivedAt(Instant.ofEpochMilli(1_700_000_000_200L))
            .setIngestId("ingest-1")
            .build())
        .build();

    Heartbeat back = roundTrip(heartbeat, Heartbeat.class);

    assertThat(back).isEqualTo(heartbeat);
    assertThat(back.getSentAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
    assertThat(back.getNodeId()).isInstanceOf(String.class);
    assertThat(back.getProvenance().getBodyDigest().bytes()).isEqualTo(digest);
  }

  private static <T extends SpecificRecord> T roundTrip(SpecificRecord value, Class<T> type) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<T>(type).write(type.cast(value), encoder);
    encoder.flush();
    return new SpecificDatumReader<T>(type).read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
  }

  /** A value for every field, with the non-null branch of unions so nested records are covered. */
  private static Object sample(Schema s, SpecificData model) {
    return switch (s.getType()) {
      case RECORD -> {
        SpecificRecord r = (SpecificRecord) model.newRecord(null, s);
        s.getFields().forEach(f -> r.put(f.pos(), sample(f.schema(), model)));
        yield r;
      }
      case ENUM -> model.createEnum(s.getEnumSymbols().get(0), s);
      case FIXED -> model.createFixed(null, filled(s.getFixedSize()), s);
      case ARRAY -> new ArrayList<>(List.of(sample(s.getElementType(), model)));
      case MAP -> new LinkedHashMap<>(Map.of("k", sample(s.getValueType(), model)));
      case UNION -> sample(s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).findFirst().orElseThrow(), model);
      case STRING -> "0x00000000000000000000000000000000000000aa";
      case BYTES -> ByteBuffer.wrap(filled(65));
      case INT -> 7;
      case LONG -> s.getLogicalType() instanceof LogicalTypes.TimestampMillis
          ? Instant.ofEpochMilli(1_700_000_000_123L) : (Object) 42L;
      case FLOAT -> 0.25f;
      case DOUBLE -> 0.5d;
      case BOOLEAN -> true;
      case NULL -> null;
    };
  }

  private static byte[] filled(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  /** Visits every named type reachable from any topic value schema, once. */
  private static void forEachNamedType(Consumer<Schema> visitor) {
    Set<String> seen = new HashSet<>();
    TopicCatalog.all().forEach(t -> walk(t.valueSchema(), seen, visitor));
  }

  private static void walk(Schema s, Set<String> seen, Consumer<Schema> visitor) {
    switch (s.getType()) {
      case RECORD, ENUM, FIXED -> {
        if (!seen.add(s.getFullName())) {
          return;
        }
        visitor.accept(s);
        if (s.getType() == Schema.Type.RECORD) {
          s.getFields().forEach(f -> walk(f.schema(), seen, visitor));
        }
      }
      case ARRAY -> walk(s.getElementType(), seen, visitor);
      case MAP -> walk(s.getValueType(), seen, visitor);
      case UNION -> s.getTypes().forEach(b -> walk(b, seen, visitor));
      default -> { }
    }
  }

  private static boolean isBlank(String doc) {
    return doc == null || doc.isBlank();
  }
}
