package io.proofmesh.platform.topics;

import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.schemas.topics.TopicSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers each topic's value schema under its TopicNameStrategy subject and pins the
 * subject to FULL_TRANSITIVE, so the registry rejects an incompatible writer even when it
 * does not come from this code base.
 */
public final class SchemaBootstrap {

    public static final String COMPATIBILITY = "FULL_TRANSITIVE";

    private final SchemaRegistryClient registry;

    public SchemaBootstrap(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** Returns subject → schema id. */
    public Map<String, Integer> ensure(Collection<TopicSpec> specs) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (TopicSpec spec : specs) {
            String subject = TopicCatalog.valueSubject(spec);
            registry.setCompatibility(subject, COMPATIBILITY);
            ids.put(subject, registry.register(subject, spec.valueSchema()));
        }
        return ids;
    }
}
