package io.proofmesh.platform.topics;

/** An existing topic differs from the catalogue in one property. */
public record TopicDrift(String topic, String property, String expected, String actual) {
    @Override
    public String toString() {
        return topic + ": " + property + " is " + actual + ", the catalogue says " + expected;
    }
}
