package io.proofmesh.platform.topics;

import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** Brings a cluster and a registry up to the catalogue: topics created, value schemas registered. */
public final class CatalogBootstrap {

    private CatalogBootstrap() {
    }

    public record Result(BootstrapReport topics, Map<String, Integer> schemaIds) { }

    public static Result run(KafkaClients kafka, SchemaRegistryClient registry, List<TopicSpec> specs, Duration timeout) {
        BootstrapReport report;
        try (Admin admin = kafka.admin()) {
            report = new TopicBootstrap(admin, timeout).ensure(specs);
        }
        Map<String, Integer> ids = new SchemaBootstrap(registry).ensure(specs);
        return new Result(report, ids);
    }
}
