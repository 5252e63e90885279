package io.proofmesh.schemas.topics;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything a producer, consumer or topic bootstrapper needs to know about one topic.
 *
 * @param name topic name
 * @param keyFormat how the UTF-8 string key is built, e.g. {@code "nodeId"} or {@code "epoch/nodeId"}
 * @param valueClass generated Avro class of the value
 * @param valueSchema Avro schema of the value (the class's {@code SCHEMA$})
 * @param partitions default partition count
 * @param cleanupPolicy delete or compact
 * @param retention retention of the topic; empty means infinite ({@code retention.ms=-1})
 * @param timestampType which timestamp the broker keeps for each record
 * @param coPartitionGroup name of the group of topics that must share partition count and key
 *     partitioning, or {@code null} if the topic is in no group
 * @param description one-line purpose of the topic
 */
public record TopicSpec(
    String name,
    String keyFormat,
    Class<? extends SpecificRecord> valueClass,
    Schema valueSchema,
    int partitions,
    CleanupPolicy cleanupPolicy,
    Optional<Duration> retention,
    TimestampType timestampType,
    String coPartitionGroup,
    String description) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyFormat, "keyFormat");
    Objects.requireNonNull(valueClass, "valueClass");
    Objects.requireNonNull(valueSchema, "valueSchema");
    Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(timestampType, "timestampType");
    Objects.requireNonNull(description, "description");
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be >= 1, got " + partitions);
    }
  }

  /** Same topic with another partition count. */
  public TopicSpec withPartitions(int newPartitions) {
    return new TopicSpec(name, keyFormat, valueClass, valueSchema, newPartitions, cleanupPolicy,
        retention, timestampType, coPartitionGroup, description);
  }

  public Optional<String> coPartitionGroupName() {
    return Optional.ofNullable(coPartitionGroup);
  }

  /** {@code retention.ms} as Kafka expects it: milliseconds, or -1 for infinite. */
  public long retentionMs() {
    return retention.map(Duration::toMillis).orElse(-1L);
  }

  /**
   * Topic-level configs in Kafka's vocabulary ({@code cleanup.policy}, {@code retention.ms},
   * {@code message.timestamp.type}), as plain strings so this module stays Kafka-free.
   */
  public Map<String, String> topicConfigs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", cleanupPolicy.configValue());
    configs.put("retention.ms", Long.toString(retentionMs()));
    configs.put("message.timestamp.type", timestampType.configValue());
    return Collections.unmodifiableMap(configs);
  }
}
