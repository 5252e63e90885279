package io.proofmesh.schemas.compat;

/**
 * One reason the gate refuses the current schemas.
 *
 * @param schemaName full name of the top-level value record, e.g. {@code io.proofmesh.schemas.telemetry.Heartbeat}
 * @param fieldPath dotted path of the offending field, starting with the record's full name
 *     (just the record name when the problem is the record itself)
 * @param kind Avro's {@code SchemaIncompatibilityType} name, or {@code SCHEMA_REMOVED}
 * @param snapshotVersion the snapshot version the current schema was checked against
 * @param detail what exactly is wrong, including which side could not read which
 */
public record CompatibilityProblem(
    String schemaName, String fieldPath, String kind, int snapshotVersion, String detail) {

  public static final String SCHEMA_REMOVED = "SCHEMA_REMOVED";

  @Override
  public String toString() {
    return fieldPath + ": " + kind + " against snapshot v" + snapshotVersion + " - " + detail;
  }
}
