package io.proofmesh.platform.topics;

import java.util.List;

/** What a topic bootstrap did: topics created, topics already there, and how existing ones differ. */
public record BootstrapReport(List<String> created, List<String> existing, List<TopicDrift> drifts) {

    public boolean hasDrift() {
        return !drifts.isEmpty();
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("topics: ").append(created.size()).append(" created, ").append(existing.size()).append(" already present");
        if (!drifts.isEmpty()) {
            sb.append(", ").append(drifts.size()).append(" differ from the catalogue:");
            drifts.forEach(d -> sb.append("\n  - ").append(d));
            sb.append("\n  (topics are never altered automatically: partitions can only grow and would re-key "
                    + "co-partitioned data; fix them by hand or recreate them)");
        }
        return sb.toString();
    }
}
