package io.proofmesh.schemas.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaParseException;

/**
 * The schema history kept in the repository: {@code <root>/<full.record.Name>/v<N>.avsc}, one
 * self-contained schema per file. These files are the stand-in for the registry's version list
 * (FULL_TRANSITIVE compares against all of them), so they are only ever appended to, except by a
 * deliberate pre-release re-baseline.
 */
final class SnapshotStore {

  private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

  private final Path root;

  SnapshotStore(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** Every snapshotted schema name with its versions, oldest first. */
  Map<String, NavigableMap<Integer, Schema>> loadAll() {
    Map<String, NavigableMap<Integer, Schema>> all = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return all;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      dirs.filter(Files::isDirectory)
          .forEach(dir -> all.put(dir.getFileName().toString(), versions(dir.getFileName().toString())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list snapshots in " + root, e);
    }
    return all;
  }

  /** Versions of one schema, oldest first; empty if it was never snapshotted. */
  NavigableMap<Integer, Schema> versions(String fullName) {
    NavigableMap<Integer, Schema> versions = new TreeMap<>();
    Path dir = root.resolve(fullName);
    if (!Files.isDirectory(dir)) {
      return versions;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
        if (m.matches()) {
          versions.put(Integer.parseInt(m.group(1)), parse(file, fullName));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list snapshots in " + dir, e);
    }
    return Collections.unmodifiableNavigableMap(versions);
  }

  Path write(String fullName, int version, Schema schema) {
    Path file = root.resolve(fullName).resolve("v" + version + ".avsc");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, render(schema), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write snapshot " + file, e);
    }
  }

  /** Removes a schema's whole history (pre-release re-baseline only). */
  Path deleteHistory(String fullName) {
    Path dir = root.resolve(fullName);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.delete(file);
      }
      Files.delete(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete snapshots in " + dir, e);
    }
  }

  /**
   * Snapshot text: Avro's full JSON form, pretty-printed. Not the Parsing Canonical Form, which
   * drops defaults, docs and logical types - defaults decide compatibility.
   */
  static String render(Schema schema) {
    return SchemaFormatter.format("json/pretty", schema) + "\n";
  }

  /** Whether two schemas differ in anything a snapshot records (docs included). */
  static boolean sameSnapshot(Schema a, Schema b) {
    return render(a).equals(render(b));
  }

  private static Schema parse(Path file, String expectedName) {
    Schema schema;
    try {
      schema = new Schema.Parser().parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read snapshot " + file, e);
    } catch (SchemaParseException e) {
      throw new IllegalStateException("Snapshot " + file + " is not a valid Avro schema: " + e.getMessage(), e);
    }
    if (!expectedName.equals(schema.getFullName())) {
      throw new IllegalStateException("Snapshot " + file + " holds " + schema.getFullName()
          + " but its folder says " + expectedName);
    }
    return schema;
  }
}
