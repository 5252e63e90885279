package io.proofmesh.app;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.topics.BootstrapReport;
import io.proofmesh.platform.topics.SchemaBootstrap;
import io.proofmesh.platform.topics.TopicBootstrap;
import io.proofmesh.schemas.topics.TopicSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "topics",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Show the catalogue's topics on a cluster.",
            "For each: partitions, records, cleanup policy, timestamp type and whether it exists.",
            "Records are the offset span (end - start offset) summed over partitions:",
            "transaction markers count, and compacted topics may hold fewer live records.",
        },
        footer = {"", "Examples:", "  proofmesh topics", "  proofmesh topics --bootstrap-servers broker1:9092 --registry-url http://registry:8081 --create"})
final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--create", description = "Create the missing topics and register their value schemas as "
            + "FULL_TRANSITIVE (both idempotent); report topics that differ from the catalogue.")
    boolean create;

    @Option(names = "--no-schemas", description = "With --create: leave the schema registry alone.")
    boolean noSchemas;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Settings settings = config.settings(Map.of(), connection);
        KafkaClients kafka = new KafkaClients(settings);
        CommonSettings common = CommonSettings.from(settings);
        kafka.awaitBroker(common.connectTimeout());
        List<TopicSpec> catalogue = common.topics();
        try (Admin admin = kafka.admin()) {
            if (create) {
                BootstrapReport r = new TopicBootstrap(admin, common.connectTimeout()).ensure(catalogue);
                out.println(r.describe());
                if (!noSchemas) {
                    Map<String, Integer> ids = new SchemaBootstrap(new SchemaRegistryClient(common.registryUrl()))
                            .ensure(catalogue);
                    out.println("schemas: " + ids.size() + " value subjects registered at " + common.registryUrl()
                            + " (compatibility " + SchemaBootstrap.COMPATIBILITY + ")");
                }
            }
            Set<String> present = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> catalogued = catalogue.stream().map(TopicSpec::name).filter(present::contains).toList();
            Map<String, TopicDescription> descriptions = admin.describeTopics(catalogued).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<String, Long> counts = recordCounts(admin, descriptions);

            out.printf("%-26s %10s %12s  %-8s %-14s %s%n", "TOPIC", "PARTITIONS", "RECORDS", "CLEANUP", "TIMESTAMP", "STATUS");
            int missing = 0;
            for (TopicSpec spec : catalogue) {
                TopicDescription d = descriptions.get(spec.name());
                if (d == null) {
                    missing++;
                    out.printf("%-26s %10s %12s  %-8s %-14s %s%n", spec.name(), "-", "-",
                            spec.topicConfigs().get("cleanup.policy"), spec.topicConfigs().get("message.timestamp.type"), "missing");
                } else {
                    out.printf("%-26s %10d %12d  %-8s %-14s %s%n", spec.name(), d.partitions().size(), counts.get(spec.name()),
                            spec.topicConfigs().get("cleanup.policy"), spec.topicConfigs().get("message.timestamp.type"),
                            d.partitions().size() == spec.partitions() ? "ok" : "partitions differ (catalogue: " + spec.partitions() + ")");
                }
            }
            Set<String> others = new TreeSet<>(present);
            catalogue.forEach(s -> others.remove(s.name()));
            others.removeIf(t -> t.startsWith("__") || t.startsWith("_"));
            if (!others.isEmpty()) {
                out.println("other topics: " + String.join(", ", others));
            }
            if (missing > 0) {
                out.println(missing + " catalogue topic(s) missing: create them with `proofmesh topics --create`.");
            }
        }
        return 0;
    }

    private static Map<String, Long> recordCounts(Admin admin, Map<String, TopicDescription> topics) throws Exception {
        List<TopicPartition> tps = new ArrayList<>();
        topics.values().forEach(d -> d.partitions().forEach(p -> tps.add(new TopicPartition(d.name(), p.partition()))));
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        tps.forEach(tp -> {
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        Map<String, Long> counts = new HashMap<>();
        topics.keySet().forEach(t -> counts.put(t, 0L));
        for (TopicPartition tp : tps) {
            counts.merge(tp.topic(), end.get(tp).offset() - start.get(tp).offset(), Long::sum);
        }
        return counts;
    }
}
