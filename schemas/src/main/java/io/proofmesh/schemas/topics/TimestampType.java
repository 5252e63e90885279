package io.proofmesh.schemas.topics;

/**
 * Which timestamp the broker stores for a record. Lateness is decided on broker append time,
 * so every topic the lateness rule reads uses {@link #LOG_APPEND_TIME}.
 */
public enum TimestampType {
  CREATE_TIME("CreateTime"),
  LOG_APPEND_TIME("LogAppendTime");

  private final String configValue;

  TimestampType(String configValue) {
    this.configValue = configValue;
  }

  /** Value of the {@code message.timestamp.type} topic config. */
  public String configValue() {
    return configValue;
  }
}
