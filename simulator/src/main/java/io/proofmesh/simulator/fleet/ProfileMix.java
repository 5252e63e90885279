package io.proofmesh.simulator.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The share of each {@link NodeProfile} in a fleet, parsed from {@code honest=70,flaky=10,...}
 * (weights, not necessarily summing to 100; missing profiles get 0).
 */
public record ProfileMix(Map<NodeProfile, Integer> weights) {

    public static final String DEFAULT = "honest=70,flaky=10,slow=5,replayer=5,forger=5,skewed=5";

    public ProfileMix {
        weights = Collections.unmodifiableMap(new EnumMap<>(weights));
        if (weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new IllegalArgumentException("the mix needs at least one positive weight, e.g. " + DEFAULT);
        }
    }

    public static ProfileMix parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty mix; expected e.g. " + DEFAULT);
        }
        Map<NodeProfile, Integer> w = new EnumMap<>(NodeProfile.class);
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not profile=weight; expected e.g. " + DEFAULT);
            }
            NodeProfile p;
            try {
                p = NodeProfile.valueOf(kv[0].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown profile '" + kv[0].trim() + "'; profiles are "
                        + java.util.Arrays.stream(NodeProfile.values()).map(NodeProfile::label).collect(Collectors.joining(", ")));
            }
            int weight;
            try {
                weight = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of '" + kv[0].trim() + "' must be a whole number, got '" + kv[1].trim() + "'");
            }
            if (weight < 0) {
                throw new IllegalArgumentException("weight of '" + kv[0].trim() + "' must not be negative");
            }
            if (w.put(p, weight) != null) {
                throw new IllegalArgumentException("profile '" + p.label() + "' is given twice");
            }
        }
        return new ProfileMix(w);
    }

    /**
     * Exactly how many of {@code nodes} get each profile: proportional to the weights, rounding by
     * largest remainder so the counts add up to {@code nodes}. A profile with a positive weight
     * gets at least one node when there are enough nodes for every such profile.
     */
    public Map<NodeProfile, Integer> counts(int nodes) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        Map<NodeProfile, Integer> out = new EnumMap<>(NodeProfile.class);
        List<NodeProfile> byRemainder = new ArrayList<>();
        int assigned = 0;
        for (NodeProfile p : NodeProfile.values()) {
            int w = weights.getOrDefault(p, 0);
            int c = (int) ((long) nodes * w / total);
            out.put(p, c);
            assigned += c;
            if (w > 0) {
                byRemainder.add(p);
            }
        }
        byRemainder.sort((a, b) -> Long.compare((long) nodes * weights.get(b) % total, (long) nodes * weights.get(a) % total));
        for (int i = 0; assigned < nodes; i = (i + 1) % byRemainder.size()) {
            out.merge(byRemainder.get(i), 1, Integer::sum);
            assigned++;
        }
        // Small fleets: give every weighted profile one node, taken from the largest group.
        long weighted = byRemainder.size();
        if (nodes >= weighted) {
            for (NodeProfile p : byRemainder) {
                if (out.get(p) == 0) {
                    NodeProfile largest = Collections.max(out.keySet(), (a, b) -> Integer.compare(out.get(a), out.get(b)));
                    out.merge(largest, -1, Integer::sum);
                    out.put(p, 1);
                }
            }
        }
        return out;
    }

    /** One profile per node index, the counts of {@link #counts}, shuffled deterministically by {@code seed}. */
    public List<NodeProfile> assign(int nodes, long seed) {
        List<NodeProfile> out = new ArrayList<>(nodes);
        counts(nodes).forEach((p, c) -> {
            for (int i = 0; i < c; i++) {
                out.add(p);
            }
        });
        Collections.shuffle(out, new Random(seed));
        return out;
    }

    @Override
    public String toString() {
        return weights.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().label() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
