package io.proofmesh.schemas.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * Runs Avro's reader/writer check and turns its JSON-pointer locations ({@code /fields/3/type})
 * into field paths a person recognises ({@code io.proofmesh.schemas.telemetry.Heartbeat.seq}).
 */
final class IncompatibilityExplainer {

  /** An incompatibility with its location translated into a field path. */
  record Finding(String fieldPath, SchemaIncompatibilityType type, String message, String location) {}

  /** Nested unions of records are rare; the bound only protects against recursive schemas. */
  private static final int MAX_UNION_DEPTH = 16;

  private IncompatibilityExplainer() {}

  /** Everything that stops {@code reader} from decoding data written with {@code writer}. */
  static List<Finding> explain(Schema reader, Schema writer) {
    return explain(reader, writer, reader.getFullName(), "", 0);
  }

  private static List<Finding> explain(Schema reader, Schema writer, String pathPrefix,
      String locationPrefix, int depth) {
    List<Finding> findings = new ArrayList<>();
    for (Incompatibility inc : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
        .getResult().getIncompatibilities()) {
      String path = pathPrefix + fieldPath(reader, inc.getLocation());
      String location = locationPrefix + inc.getLocation();
      List<Finding> deeper = depth < MAX_UNION_DEPTH
          ? insideUnion(inc, path, location, depth)
          : List.of();
      if (deeper.isEmpty()) {
        findings.add(new Finding(path, inc.getType(), inc.getMessage(), location));
      } else {
        findings.addAll(deeper);
      }
    }
    return findings;
  }

  /**
   * Avro reports a broken record inside a nullable union ({@code ["null", KeyRotation]}) only as
   * "reader union lacking writer type: RECORD" at the union, because it restarts its location
   * tracking for union branches. Re-checking the two same-named branches finds the actual field.
   */
  private static List<Finding> insideUnion(Incompatibility inc, String path, String location,
      int depth) {
    if (inc.getType() != SchemaIncompatibilityType.MISSING_UNION_BRANCH
        || inc.getReaderFragment().getType() != Schema.Type.UNION) {
      return List.of();
    }
    Optional<Schema> writerBranch = writerBranch(inc.getWriterFragment(), location);
    if (writerBranch.isEmpty() || !isNamed(writerBranch.get())) {
      return List.of();
    }
    String name = writerBranch.get().getFullName();
    return inc.getReaderFragment().getTypes().stream()
        .filter(b -> isNamed(b) && b.getFullName().equals(name))
        .findFirst()
        .map(readerBranch -> explain(readerBranch, writerBranch.get(), path, location, depth + 1))
        .orElse(List.of());
  }

  private static Optional<Schema> writerBranch(Schema writerFragment, String location) {
    if (writerFragment.getType() != Schema.Type.UNION) {
      return Optional.of(writerFragment);
    }
    // For union-vs-union Avro appends the index of the unreadable writer branch.
    String last = location.substring(location.lastIndexOf('/') + 1);
    try {
      return Optional.of(writerFragment.getTypes().get(Integer.parseInt(last)));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private static boolean isNamed(Schema s) {
    return s.getType() == Schema.Type.RECORD || s.getType() == Schema.Type.ENUM
        || s.getType() == Schema.Type.FIXED;
  }

  /**
   * Suffix such as {@code ".keyRotation.newSigningAddress"} or {@code ".endOffsets[].offset"} for
   * an Avro location, resolved against the reader schema (field indexes are reader positions).
   */
  static String fieldPath(Schema root, String location) {
    StringBuilder path = new StringBuilder();
    Schema node = root;
    String[] tokens = location.split("/");
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      switch (token) {
        case "", "type" -> { /* "type" steps from a field to its schema: node already is it */ }
        case "fields" -> {
          Schema record = nonNullBranch(node);
          int index = i + 1 < tokens.length ? parseIndex(tokens[++i]) : -1;
          if (record.getType() != Schema.Type.RECORD || index < 0 || index >= record.getFields().size()) {
            return path.toString();
          }
          Schema.Field field = record.getFields().get(index);
          path.append('.').append(field.name());
          node = field.schema();
        }
        case "items" -> {
          node = nonNullBranch(node).getElementType();
          path.append("[]");
        }
        case "values" -> {
          node = nonNullBranch(node).getValueType();
          path.append("{}");
        }
        default -> {
          // A union branch index (numbered on the writer side) or name/symbols/size: the field
          // path is complete; the incompatibility type says the rest.
          if (parseIndex(token) < 0) {
            return path.toString();
          }
        }
      }
    }
    return path.toString();
  }

  /** For {@code ["null", T]} navigation continues into T. */
  private static Schema nonNullBranch(Schema s) {
    if (s.getType() != Schema.Type.UNION) {
      return s;
    }
    List<Schema> nonNull = s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
    return nonNull.size() == 1 ? nonNull.get(0) : s;
  }

  private static int parseIndex(String token) {
    try {
      return Integer.parseInt(token);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
