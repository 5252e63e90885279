package io.proofmesh.schemas.topics;

import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.jobs.InferenceJob;
import io.proofmesh.schemas.jobs.JobResult;
import io.proofmesh.schemas.jobs.JobVerification;
import io.proofmesh.schemas.policy.ScoringPolicy;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.telemetry.CapacityReport;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.LateEvent;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The single list of proofmesh topics (DESIGN.md, "Topics"). Services, topic bootstrap and the
 * audit read names, partitioning and configs from here rather than repeating them.
 */
public final class TopicCatalog {

  /**
   * Topics keyed by node that the streams processor reads together. They must have the same
   * partition count (and producers must partition them by nodeId) so one task sees all of a
   * node's data and the clock ticks of its partition.
   */
  public static final String NODE_GROUP = "node";

  public static final int NODE_GROUP_PARTITIONS = 12;

  /** Audit horizon: raw scoring inputs stay readable this long so any epoch can be re-derived. */
  public static final Duration AUDIT_HORIZON = Duration.ofDays(90);

  /** Short-lived operational topics (ticks, job requests) are not audit inputs. */
  public static final Duration SHORT_RETENTION = Duration.ofDays(7);

  private static final Optional<Duration> INFINITE = Optional.empty();

  public static final TopicSpec NODES_REGISTRY = nodeGroup("nodes.registry", "nodeId",
      NodeRegistration.class, CleanupPolicy.COMPACT, INFINITE, TimestampType.CREATE_TIME,
      "Current registration of each node: keys, payout address, status");

  public static final TopicSpec HEARTBEATS = nodeGroup("telemetry.heartbeats", "nodeId",
      Heartbeat.class, CleanupPolicy.DELETE, Optional.of(AUDIT_HORIZON),
      TimestampType.LOG_APPEND_TIME, "Signed node heartbeats accepted by ingest");

  public static final TopicSpec CAPACITY = nodeGroup("telemetry.capacity", "nodeId",
      CapacityReport.class, CleanupPolicy.DELETE, Optional.of(AUDIT_HORIZON),
      TimestampType.LOG_APPEND_TIME, "Signed node capacity reports accepted by ingest");

  public static final TopicSpec PROBES = nodeGroup("telemetry.probes", "nodeId",
      LatencyProbe.class, CleanupPolicy.DELETE, Optional.of(AUDIT_HORIZON),
      TimestampType.LOG_APPEND_TIME, "Network-measured latency probe results");

  public static final TopicSpec REJECTED = nodeGroup("telemetry.rejected", "nodeId or none",
      RejectedEvent.class, CleanupPolicy.DELETE, Optional.of(AUDIT_HORIZON),
      TimestampType.LOG_APPEND_TIME, "Inputs rejected by ingest or the processor, with reason code and raw bytes");

  public static final TopicSpec LATE = nodeGroup("telemetry.late", "nodeId",
      LateEvent.class, CleanupPolicy.DELETE, Optional.of(AUDIT_HORIZON),
      TimestampType.LOG_APPEND_TIME, "Valid events appended after their epoch's end + grace");

  public static final TopicSpec CLOCK_TICKS = nodeGroup("clock.ticks", "partition number",
      Tick.class, CleanupPolicy.DELETE, Optional.of(SHORT_RETENTION),
      TimestampType.LOG_APPEND_TIME, "Per-partition clock ticks that advance stream time so epochs close");

  public static final TopicSpec JOB_REQUESTS = new TopicSpec("jobs.requests", "jobId",
      InferenceJob.class, schemaOf(InferenceJob.class), NODE_GROUP_PARTITIONS,
      CleanupPolicy.DELETE, Optional.of(SHORT_RETENTION), TimestampType.CREATE_TIME, null,
      "Inference jobs (paid and canary, indistinguishable) for the sidecars");

  public static final TopicSpec JOB_RESULTS = nodeGroup("jobs.results", "nodeId",
      JobResult.class, CleanupPolicy.DELETE, Optional.of(AUDIT_HORIZON),
      TimestampType.LOG_APPEND_TIME, "Signed job results accepted by ingest");

  public static final TopicSpec JOB_VERIFICATIONS = nodeGroup("jobs.verifications", "nodeId",
      JobVerification.class, CleanupPolicy.DELETE, Optional.of(AUDIT_HORIZON),
      TimestampType.LOG_APPEND_TIME, "Verifier verdicts on job results");

  public static final TopicSpec SCORES_EPOCH = nodeGroup("scores.epoch", "epoch/nodeId",
      NodeEpochScore.class, CleanupPolicy.COMPACT, INFINITE, TimestampType.CREATE_TIME,
      "Per-node epoch scores with full breakdown");

  public static final TopicSpec EPOCHS_CLOSED = new TopicSpec("epochs.closed", "epoch/partition",
      EpochClosed.class, schemaOf(EpochClosed.class), 3, CleanupPolicy.COMPACT, INFINITE,
      TimestampType.CREATE_TIME, null,
      "Epoch-closed markers per node-group partition: end offsets, score count, scores digest");

  public static final TopicSpec REWARD_ENTRIES = nodeGroup("rewards.entries", "epoch/nodeId",
      RewardEntry.class, CleanupPolicy.COMPACT, INFINITE, TimestampType.CREATE_TIME,
      "Per-node epoch rewards and Merkle leaves");

  public static final TopicSpec REWARD_BATCHES = single("rewards.batches", "epoch",
      RewardBatch.class, "Epoch reward batches: Merkle root, totals, input digest, policy hash");

  public static final TopicSpec REWARD_SETTLEMENTS = single("rewards.settlements", "epoch",
      SettlementReceipt.class, "On-chain settlement state per epoch: PENDING raw tx, then CONFIRMED");

  public static final TopicSpec SCORING_POLICY = single("config.scoring-policy", "policy hash",
      ScoringPolicy.class, "Governance-signed scoring policies keyed by content hash");

  /** DESIGN.md's table order. */
  private static final List<TopicSpec> ALL = List.of(
      NODES_REGISTRY, HEARTBEATS, CAPACITY, PROBES, REJECTED, LATE, CLOCK_TICKS,
      JOB_REQUESTS, JOB_RESULTS, JOB_VERIFICATIONS, SCORES_EPOCH, EPOCHS_CLOSED,
      REWARD_ENTRIES, REWARD_BATCHES, REWARD_SETTLEMENTS, SCORING_POLICY);

  private TopicCatalog() {}

  /** Every topic, in DESIGN.md's table order. */
  public static List<TopicSpec> all() {
    return ALL;
  }

  /**
   * Every topic with the whole node group set to {@code partitions}. Changing one node-group
   * topic alone would break co-partitioning (ticks must reach every telemetry partition), so
   * this is the only supported way to resize them.
   */
  public static List<TopicSpec> withNodePartitions(int partitions) {
    return ALL.stream()
        .map(t -> NODE_GROUP.equals(t.coPartitionGroup()) ? t.withPartitions(partitions) : t)
        .collect(Collectors.toUnmodifiableList());
  }

  /** The topic of that name; IllegalArgumentException listing the valid names otherwise. */
  public static TopicSpec byName(String name) {
    return ALL.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown topic '" + name
            + "'; valid topics: " + ALL.stream().map(TopicSpec::name).collect(Collectors.joining(", "))));
  }

  /** Registry subject of the value schema (TopicNameStrategy). */
  public static String valueSubject(TopicSpec spec) {
    return spec.name() + "-value";
  }

  /** Registry subject of the key (TopicNameStrategy); keys are plain UTF-8 strings. */
  public static String keySubject(TopicSpec spec) {
    return spec.name() + "-key";
  }

  private static TopicSpec nodeGroup(String name, String key, Class<? extends SpecificRecord> value,
      CleanupPolicy cleanup, Optional<Duration> retention, TimestampType timestamps, String description) {
    return new TopicSpec(name, key, value, schemaOf(value), NODE_GROUP_PARTITIONS, cleanup,
        retention, timestamps, NODE_GROUP, description);
  }

  /** One-partition compacted ledger topics: total order per key is all that matters, volume is tiny. */
  private static TopicSpec single(String name, String key, Class<? extends SpecificRecord> value,
      String description) {
    return new TopicSpec(name, key, value, schemaOf(value), 1, CleanupPolicy.COMPACT, INFINITE,
        TimestampType.CREATE_TIME, null, description);
  }

  private static org.apache.avro.Schema schemaOf(Class<? extends SpecificRecord> value) {
    return SpecificData.get().getSchema(value);
  }
}
