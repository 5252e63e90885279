package io.proofmesh.schemas.topics;

/** Kafka log cleanup policy of a topic, without depending on Kafka's own constants. */
public enum CleanupPolicy {
  DELETE("delete"),
  COMPACT("compact");

  private final String configValue;

  CleanupPolicy(String configValue) {
    this.configValue = configValue;
  }

  /** Value of the {@code cleanup.policy} topic config. */
  public String configValue() {
    return configValue;
  }
}
