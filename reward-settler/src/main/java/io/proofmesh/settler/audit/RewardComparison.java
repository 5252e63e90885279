package io.proofmesh.settler.audit;

import io.proofmesh.schemas.common.Bytes32;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Field-by-field comparison of a rebuilt and a recorded reward record (RewardBatch, RewardEntry),
 * walking the Avro schema so a field added later is compared without a change here.
 */
final class RewardComparison {

    /** The batch fields that say who built it and when, not what it pays. */
    static final Set<String> BATCH_PROVENANCE = Set.of("createdAt", "settlerId");

    private RewardComparison() {}

    static List<FieldDifference> differences(SpecificRecord expected, SpecificRecord recorded, Set<String> skip) {
        List<FieldDifference> out = new ArrayList<>();
        for (Schema.Field f : expected.getSchema().getFields()) {
            if (skip.contains(f.name())) {
                continue;
            }
            Object e = expected.get(f.pos());
            Object r = recorded.get(f.pos());
            if (!Objects.equals(show(e), show(r))) {
                out.add(new FieldDifference(f.name(), show(e), show(r)));
            }
        }
        return out;
    }

    static String show(Object v) {
        if (v instanceof Bytes32 b) {
            return "0x" + HexFormat.of().formatHex(b.bytes());
        }
        return String.valueOf(v);
    }
}
