package io.proofmesh.schemas.compat;

import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Build-time stand-in for the registry's FULL_TRANSITIVE rule (DESIGN.md, "Topics"): every current
 * topic value schema must read data written with every snapshot version kept under
 * {@code schemas/snapshots/}, and every snapshot version must read data written with it. Failing
 * here is far cheaper than a producer being refused by the registry in production, or a consumer
 * failing to decode old records during an audit.
 *
 * <p>Runs in the schemas module's {@code process-classes} phase (exec-maven-plugin), so even a
 * {@code -DskipTests} build fails on a break. Modes: {@code --check} (default), {@code --snapshot}
 * (append v&lt;N+1&gt; for changed schemas, v1 for new ones; refuses incompatible changes) and
 * {@code --rebaseline} (pre-release only: replace the history of broken schemas with v1 and delete
 * removed ones).
 */
public final class SchemaCompatibilityGate {

  public static final String SNAPSHOT_COMMAND =
      "mvn -q -pl schemas process-classes -Dschemas.gate=snapshot";
  public static final String REBASELINE_COMMAND =
      "mvn -q -pl schemas process-classes -Dschemas.gate=rebaseline";

  /** Thrown when the gate refuses; the build output already holds the full report. */
  public static final class GateFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient GateResult result;

    GateFailedException(GateResult result) {
      super(result.report());
      this.result = result;
    }

    public GateResult result() {
      return result;
    }
  }

  private final SnapshotStore store;

  public SchemaCompatibilityGate(Path snapshotDir) {
    this.store = new SnapshotStore(snapshotDir);
  }

  /** The value schemas of every topic, i.e. what the registry will hold subjects for. */
  public static List<Schema> currentSchemas() {
    return TopicCatalog.all().stream().map(TopicSpec::valueSchema).distinct().toList();
  }

  /** Compares {@code current} with every snapshot version, both directions. */
  public GateResult check(Collection<Schema> current) {
    Map<String, NavigableMap<Integer, Schema>> snapshots = store.loadAll();
    List<CompatibilityProblem> problems = new ArrayList<>();
    List<String> unrecorded = new ArrayList<>();
    int comparisons = 0;
    for (Schema schema : current) {
      NavigableMap<Integer, Schema> versions = snapshots.getOrDefault(schema.getFullName(), new TreeMap<>());
      for (Map.Entry<Integer, Schema> version : versions.entrySet()) {
        problems.addAll(compare(schema, version.getValue(), version.getKey()));
        comparisons++;
      }
      if (versions.isEmpty() || !SnapshotStore.sameSnapshot(schema, versions.lastEntry().getValue())) {
        unrecorded.add(schema.getFullName());
      }
    }
    Set<String> currentNames = current.stream().map(Schema::getFullName).collect(Collectors.toSet());
    snapshots.forEach((name, versions) -> {
      if (!currentNames.contains(name) && !versions.isEmpty()) {
        problems.add(new CompatibilityProblem(name, name, CompatibilityProblem.SCHEMA_REMOVED,
            versions.lastKey(), "this topic value schema was snapshotted but no longer exists (renamed or"
                + " deleted); readers and writers of its topic would lose their schema"));
      }
    });
    return new GateResult(problems, unrecorded, current.size(), comparisons);
  }

  private static List<CompatibilityProblem> compare(Schema current, Schema snapshot, int version) {
    List<CompatibilityProblem> problems = new ArrayList<>();
    String name = current.getFullName();
    for (var f : IncompatibilityExplainer.explain(current, snapshot)) {
      problems.add(new CompatibilityProblem(name, f.fieldPath(), f.type().name(), version,
          "the new schema cannot read data written with v" + version + ": " + f.message()
              + " (at " + f.location() + ")"));
    }
    for (var f : IncompatibilityExplainer.explain(snapshot, current)) {
      problems.add(new CompatibilityProblem(name, f.fieldPath(), f.type().name(), version,
          "consumers still on v" + version + " cannot read data written with the new schema: "
              + f.message() + " (at " + f.location() + " of v" + version + ")"));
    }
    return problems;
  }

  /**
   * Records the current schemas: v1 for a new schema, v&lt;N+1&gt; for one that differs from its
   * latest snapshot. Writes nothing and throws if the current schemas fail the check, because an
   * incompatible version in the history would fail every later build anyway.
   *
   * @return the files written
   */
  public List<Path> snapshot(Collection<Schema> current) {
    GateResult result = check(current);
    if (!result.passed()) {
      throw new GateFailedException(result);
    }
    List<Path> written = new ArrayList<>();
    for (Schema schema : current) {
      NavigableMap<Integer, Schema> versions = store.versions(schema.getFullName());
      if (versions.isEmpty()) {
        written.add(store.write(schema.getFullName(), 1, schema));
      } else if (!SnapshotStore.sameSnapshot(schema, versions.lastEntry().getValue())) {
        written.add(store.write(schema.getFullName(), versions.lastKey() + 1, schema));
      }
    }
    return written;
  }

  /**
   * Pre-release escape hatch for a deliberate break: schemas that fail the check restart their
   * history at v1, removed schemas lose theirs, everything else is snapshotted as usual.
   *
   * @return the files written and folders deleted
   */
  public List<Path> rebaseline(Collection<Schema> current) {
    Set<String> broken = check(current).problems().stream().map(CompatibilityProblem::schemaName)
        .collect(Collectors.toCollection(TreeSet::new));
    List<Path> changed = new ArrayList<>();
    broken.forEach(name -> changed.add(store.deleteHistory(name)));
    changed.addAll(snapshot(current));
    return changed;
  }

  /**
   * Entry point of the build step: {@code [--check|--snapshot|--rebaseline] --snapshots <dir>}.
   * Throws (failing exec:java, hence the build) instead of calling System.exit, which would kill
   * the Maven JVM it runs in.
   */
  public static void main(String[] args) {
    String mode = "--check";
    Path dir = Path.of("snapshots");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--check", "--snapshot", "--rebaseline" -> mode = args[i];
        case "--snapshots" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--snapshots needs a directory");
          }
          dir = Path.of(args[++i]);
        }
        default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
            + "'; usage: [--check|--snapshot|--rebaseline] --snapshots <dir>");
      }
    }
    SchemaCompatibilityGate gate = new SchemaCompatibilityGate(dir);
    List<Schema> current = currentSchemas();
    switch (mode) {
      case "--check" -> {
        GateResult result = gate.check(current);
        if (!result.passed()) {
          System.err.print(result.report());
          throw new IllegalStateException("Schema compatibility gate failed with " + result.problems().size()
              + " problem(s); see the report above.");
        }
        System.out.print(result.report());
      }
      case "--snapshot", "--rebaseline" -> {
        List<Path> changed;
        try {
          changed = mode.equals("--snapshot") ? gate.snapshot(current) : gate.rebaseline(current);
        } catch (GateFailedException e) {
          System.err.print(e.result().report());
          throw new IllegalStateException("Nothing snapshotted: the current schemas are incompatible; see the report above.");
        }
        if (changed.isEmpty()) {
          System.out.println("Schema snapshots are up to date in " + dir);
        } else {
          changed.forEach(p -> System.out.println("Schema snapshot " + (Files.exists(p) ? "written: " : "deleted: ") + p));
        }
      }
      default -> throw new IllegalStateException(mode);
    }
  }
}
