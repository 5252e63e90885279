package io.proofmesh.schemas.compat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Outcome of a compatibility check.
 *
 * @param problems incompatibilities and removed schemas; non-empty fails the build
 * @param unrecorded schemas that are new or changed (compatibly) since their latest snapshot -
 *     not an error, but they should be snapshotted before they are released
 * @param schemasChecked number of current schemas
 * @param comparisons number of (schema, snapshot version) pairs checked, both directions each
 */
public record GateResult(
    List<CompatibilityProblem> problems, List<String> unrecorded, int schemasChecked, int comparisons) {

  public GateResult {
    problems = List.copyOf(problems);
    unrecorded = List.copyOf(unrecorded);
  }

  public boolean passed() {
    return problems.isEmpty();
  }

  /** The text printed by the build: what broke, where, and what to do about it. */
  public String report() {
    StringBuilder out = new StringBuilder();
    if (passed()) {
      out.append("Schema compatibility gate: ").append(schemasChecked).append(" schemas are FULL_TRANSITIVE compatible with ")
          .append(comparisons).append(" snapshot versions.\n");
    } else {
      out.append("Schema compatibility gate FAILED: ").append(problems.size())
          .append(" problem(s) against schemas/snapshots (FULL_TRANSITIVE: the new schema must read data of every")
          .append(" snapshot version, and every snapshot version must read data of the new schema).\n");
      problems.forEach(p -> out.append("  - ").append(p).append('\n'));
      out.append("What to do:\n")
          .append("  * Unintended break: restore the field / its type, or add a default. A field added or removed must")
          .append(" have a default; a nullable field is [\"null\", T] with \"default\": null. A removed record must come back.\n")
          .append("  * Deliberate break before the first release: re-baseline (replaces the broken schemas' history with v1,")
          .append(" deletes removed ones), then commit schemas/snapshots/:\n")
          .append("      ").append(SchemaCompatibilityGate.REBASELINE_COMMAND).append('\n')
          .append("    After a release, never re-baseline: add a new field / record instead.\n");
    }
    // Broken schemas cannot be snapshotted, so only point at the snapshot command for the others.
    Set<String> broken = problems.stream().map(CompatibilityProblem::schemaName).collect(Collectors.toSet());
    List<String> toRecord = unrecorded.stream().filter(n -> !broken.contains(n)).toList();
    if (!toRecord.isEmpty()) {
      out.append("Not yet snapshotted (new, or changed compatibly): ").append(String.join(", ", toRecord))
          .append("\n  record them with: ").append(SchemaCompatibilityGate.SNAPSHOT_COMMAND).append('\n');
    }
    return out.toString();
  }
}
