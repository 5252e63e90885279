package io.proofmesh.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.schemas.clock.Tick;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCompatibilityGateTest {

  /** The snapshots committed in the repo (surefire runs with the module as working directory). */
  private static final Path REPO_SNAPSHOTS =
      Path.of(System.getProperty("basedir", ".")).resolve("snapshots");

  @TempDir
  Path tmp;

  private Path snapshots;

  @BeforeEach
  void copyRepoSnapshots() throws IOException {
    snapshots = tmp.resolve("snapshots");
    try (Stream<Path> files = Files.walk(REPO_SNAPSHOTS)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = snapshots.resolve(REPO_SNAPSHOTS.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  @Test
  void currentSchemasPassAgainstRepoSnapshotsAndAreAllSnapshotted() {
    GateResult result = new SchemaCompatibilityGate(REPO_SNAPSHOTS).check(SchemaCompatibilityGate.currentSchemas());

    assertThat(result.problems()).isEmpty();
    assertThat(result.passed()).isTrue();
    assertThat(result.comparisons()).isGreaterThanOrEqualTo(16);
    assertThat(result.unrecorded())
        .as("schemas changed without a snapshot; run: " + SchemaCompatibilityGate.SNAPSHOT_COMMAND)
        .isEmpty();
  }

  @Test
  void changingAFieldTypeFailsAndNamesTheField() {
    Schema broken = edit(Heartbeat.getClassSchema(), "{\"name\":\"seq\",\"type\":\"long\"",
        "{\"name\":\"seq\",\"type\":\"string\"");

    GateResult result = gate().check(replacing(broken));

    assertThat(result.passed()).isFalse();
    assertThat(result.problems()).extracting(CompatibilityProblem::fieldPath)
        .containsOnly("io.proofmesh.schemas.telemetry.Heartbeat.seq");
    assertThat(result.problems()).extracting(CompatibilityProblem::kind).containsOnly("TYPE_MISMATCH");
    assertThat(result.report())
        .contains("io.proofmesh.schemas.telemetry.Heartbeat.seq: TYPE_MISMATCH against snapshot v1")
        .contains("restore the field")
        .contains(SchemaCompatibilityGate.REBASELINE_COMMAND);
  }

  @Test
  void addingAFieldWithoutDefaultFails() {
    Schema broken = withExtraField(Heartbeat.getClassSchema(),
        new Schema.Field("relayId", Schema.create(Schema.Type.STRING), "Relay that forwarded it."));

    GateResult result = gate().check(replacing(broken));

    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.fieldPath()).isEqualTo("io.proofmesh.schemas.telemetry.Heartbeat.relayId");
      assertThat(p.kind()).isEqualTo("READER_FIELD_MISSING_DEFAULT_VALUE");
      assertThat(p.snapshotVersion()).isEqualTo(1);
    });
  }

  @Test
  void removingAFieldWithoutDefaultFailsFromTheOldReadersSide() {
    Schema broken = withoutField(Heartbeat.getClassSchema(), "agentVersion");

    GateResult result = gate().check(replacing(broken));

    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.fieldPath()).isEqualTo("io.proofmesh.schemas.telemetry.Heartbeat.agentVersion");
      assertThat(p.detail()).contains("consumers still on v1 cannot read data written with the new schema");
    });
  }

  @Test
  void aBreakInsideANullableRecordNamesTheNestedField() {
    Schema broken = edit(NodeRegistration.getClassSchema(),
        "{\"name\":\"newSigningAddress\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}",
        "{\"name\":\"newSigningAddress\",\"type\":\"long\"");

    GateResult result = gate().check(replacing(broken));

    assertThat(result.problems()).isNotEmpty().extracting(CompatibilityProblem::fieldPath)
        .containsOnly("io.proofmesh.schemas.registry.NodeRegistration.keyRotation.newSigningAddress");
  }

  @Test
  void addingANullableFieldWithNullDefaultPasses() {
    Schema compatible = withExtraField(Heartbeat.getClassSchema(), nullableRelayId());

    GateResult result = gate().check(replacing(compatible));

    assertThat(result.passed()).isTrue();
    assertThat(result.unrecorded()).containsExactly("io.proofmesh.schemas.telemetry.Heartbeat");
  }

  /** Why every enum has an UNKNOWN default: readers map symbols they do not know to it. */
  @Test
  void removingAnEnumSymbolIsToleratedThanksToTheUnknownDefault() {
    Schema fewerSymbols = edit(LatencyProbe.getClassSchema(), "\"BAD_RESPONSE\",", "");

    assertThat(gate().check(replacing(fewerSymbols)).passed()).isTrue();

    Schema noDefault = edit(fewerSymbols, ",\"default\":\"UNKNOWN\"", "");
    GateResult result = gate().check(replacing(noDefault));
    assertThat(result.problems()).extracting(CompatibilityProblem::fieldPath, CompatibilityProblem::kind)
        .contains(org.assertj.core.groups.Tuple.tuple(
            "io.proofmesh.schemas.telemetry.LatencyProbe.outcome", "MISSING_ENUM_SYMBOLS"));
  }

  @Test
  void aSnapshottedSchemaThatDisappearsFailsNamingIt() {
    List<Schema> withoutTick = new ArrayList<>(SchemaCompatibilityGate.currentSchemas());
    withoutTick.remove(Tick.getClassSchema());

    GateResult result = gate().check(withoutTick);

    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.schemaName()).isEqualTo("io.proofmesh.schemas.clock.Tick");
      assertThat(p.kind()).isEqualTo(CompatibilityProblem.SCHEMA_REMOVED);
    });
    assertThat(result.report()).contains("io.proofmesh.schemas.clock.Tick");
  }

  @Test
  void snapshotModeWritesTheNextVersionForAChangedSchemaOnly() throws IOException {
    Schema changed = withExtraField(Heartbeat.getClassSchema(), nullableRelayId());
    SchemaCompatibilityGate gate = gate();

    List<Path> written = gate.snapshot(replacing(changed));

    Path v2 = snapshots.resolve("io.proofmesh.schemas.telemetry.Heartbeat").resolve("v2.avsc");
    assertThat(written).containsExactly(v2);
    assertThat(new Schema.Parser().parse(v2.toFile())).isEqualTo(changed);
    assertThat(Files.readString(v2)).startsWith("{\n").contains("\"relayId\"");
    assertThat(gate.snapshot(replacing(changed))).as("idempotent").isEmpty();
    GateResult after = gate.check(replacing(changed));
    assertThat(after.passed()).isTrue();
    assertThat(after.unrecorded()).isEmpty();
  }

  @Test
  void snapshotModeWritesV1ForANewSchema() throws IOException {
    Schema brandNew = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"Fresh\",\"namespace\":\"io.proofmesh.schemas.test\","
            + "\"doc\":\"d\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"doc\":\"d\"}]}");
    List<Schema> current = new ArrayList<>(SchemaCompatibilityGate.currentSchemas());
    current.add(brandNew);

    assertThat(gate().snapshot(current))
        .containsExactly(snapshots.resolve("io.proofmesh.schemas.test.Fresh").resolve("v1.avsc"));
  }

  @Test
  void snapshotModeRefusesAnIncompatibleChangeAndWritesNothing() throws IOException {
    Schema broken = withoutField(Heartbeat.getClassSchema(), "agentVersion");

    assertThatThrownBy(() -> gate().snapshot(replacing(broken)))
        .isInstanceOf(SchemaCompatibilityGate.GateFailedException.class)
        .hasMessageContaining("Heartbeat.agentVersion");
    try (Stream<Path> files = Files.list(snapshots.resolve("io.proofmesh.schemas.telemetry.Heartbeat"))) {
      assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("v1.avsc");
    }
  }

  @Test
  void rebaselineRestartsTheHistoryOfABrokenSchemaAndDropsRemovedOnes() {
    Schema broken = withoutField(Heartbeat.getClassSchema(), "agentVersion");
    List<Schema> current = new ArrayList<>(replacing(broken));
    current.remove(Tick.getClassSchema());
    SchemaCompatibilityGate gate = gate();

    gate.rebaseline(current);

    assertThat(snapshots.resolve("io.proofmesh.schemas.clock.Tick")).doesNotExist();
    assertThat(snapshots.resolve("io.proofmesh.schemas.telemetry.Heartbeat").resolve("v2.avsc")).doesNotExist();
    GateResult after = gate.check(current);
    assertThat(after.passed()).isTrue();
    assertThat(after.unrecorded()).isEmpty();
  }

  @Test
  void mainChecksTheGivenSnapshotsAndRejectsUnknownArguments() {
    assertThatCode(() -> SchemaCompatibilityGate.main(
        new String[] {"--check", "--snapshots", REPO_SNAPSHOTS.toString()})).doesNotThrowAnyException();
    assertThatThrownBy(() -> SchemaCompatibilityGate.main(new String[] {"--bogus"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mainFailsTheBuildOnAMissingSchema() throws IOException {
    Files.createDirectories(snapshots.resolve("io.proofmesh.schemas.gone.Vanished"));
    Files.writeString(snapshots.resolve("io.proofmesh.schemas.gone.Vanished").resolve("v1.avsc"),
        "{\"type\":\"record\",\"name\":\"Vanished\",\"namespace\":\"io.proofmesh.schemas.gone\",\"fields\":[]}");

    assertThatThrownBy(() -> SchemaCompatibilityGate.main(
        new String[] {"--check", "--snapshots", snapshots.toString()}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 problem");
  }

  private SchemaCompatibilityGate gate() {
    return new SchemaCompatibilityGate(snapshots);
  }

  /** The current schemas with one of them swapped for a modified copy. */
  private static List<Schema> replacing(Schema modified) {
    return SchemaCompatibilityGate.currentSchemas().stream()
        .map(s -> s.getFullName().equals(modified.getFullName()) ? modified : s)
        .toList();
  }

  /** Edits a schema's compact JSON; fails loudly if the text to replace is not there. */
  private static Schema edit(Schema schema, String from, String to) {
    String json = schema.toString();
    assertThat(json).contains(from);
    return new Schema.Parser().parse(json.replace(from, to));
  }

  private static Schema.Field nullableRelayId() {
    return new Schema.Field("relayId",
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
        "Relay that forwarded the event; null when sent directly.", Schema.Field.NULL_DEFAULT_VALUE);
  }

  private static Schema withExtraField(Schema record, Schema.Field extra) {
    List<Schema.Field> fields = copyFields(record);
    fields.add(extra);
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }

  private static Schema withoutField(Schema record, String name) {
    List<Schema.Field> fields = copyFields(record);
    fields.removeIf(f -> f.name().equals(name));
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }

  private static List<Schema.Field> copyFields(Schema record) {
    List<Schema.Field> fields = new ArrayList<>();
    record.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    return fields;
  }
}
