package io.proofmesh.settler.audit;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.scoring.score.ScoreDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Field-by-field comparison of a recomputed and a recorded score, walking the Avro schema so a
 * field added to NodeEpochScore is compared without a change here. {@code computedAt} (the
 * closing tick's time, not a result) is left out; the details digest (PROTOCOL.md §12.5) is
 * compared as well.
 */
final class ScoreComparison {

    private static final String COMPUTED_AT = "computedAt";

    private ScoreComparison() {}

    static List<FieldDifference> differences(NodeEpochScore expected, NodeEpochScore recorded) {
        List<FieldDifference> out = new ArrayList<>();
        walk("", expected, recorded, out);
        String de = HexFormat.of().formatHex(ScoreDigest.details(expected));
        String dr = HexFormat.of().formatHex(ScoreDigest.details(recorded));
        if (!de.equals(dr)) {
            out.add(new FieldDifference("detailsDigest", "0x" + de, "0x" + dr));
        }
        return out;
    }

    private static void walk(String prefix, SpecificRecord expected, SpecificRecord recorded, List<FieldDifference> out) {
        for (Schema.Field f : expected.getSchema().getFields()) {
            if (prefix.isEmpty() && f.name().equals(COMPUTED_AT)) {
                continue;
            }
            Object e = expected.get(f.pos());
            Object r = recorded == null ? null : recorded.get(f.pos());
            String path = prefix + f.name();
            if (e instanceof SpecificRecord er && !(e instanceof Bytes32) && (r == null || r instanceof SpecificRecord)) {
                if (r == null) {
                    out.add(new FieldDifference(path, show(e), "null"));
                } else {
                    walk(path + ".", er, (SpecificRecord) r, out);
                }
            } else if (!Objects.equals(e, r)) {
                out.add(new FieldDifference(path, show(e), show(r)));
            }
        }
    }

    private static String show(Object v) {
        if (v instanceof Bytes32 b) {
            return "0x" + HexFormat.of().formatHex(b.bytes());
        }
        return String.valueOf(v);
    }
}
