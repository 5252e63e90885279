package io.proofmesh.settler.audit;

/**
 * One field of a score whose recomputed value differs from the recorded one.
 *
 * @param field    dotted path in NodeEpochScore, e.g. {@code uptime.slotsCovered}
 * @param expected the recomputed value
 * @param recorded the value in {@code scores.epoch}
 */
public record FieldDifference(String field, String expected, String recorded) {

    @Override
    public String toString() {
        return field + ": expected " + expected + ", recorded " + recorded;
    }
}
