package io.proofmesh.platform.topics;

import io.proofmesh.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the catalogue's topics where missing (idempotent: safe on every start and from
 * several services at once) and reports every existing topic that differs from the
 * catalogue in partitions, cleanup policy or timestamp type. It never alters an existing
 * topic: adding partitions re-keys co-partitioned data, so that is a person's decision.
 */
public final class TopicBootstrap {

    /** Properties compared on existing topics; retention is left to operators on purpose. */
    private static final List<String> CHECKED_CONFIGS = List.of("cleanup.policy", "message.timestamp.type");

    private final Admin admin;
    private final Duration timeout;

    public TopicBootstrap(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    public BootstrapReport ensure(Collection<TopicSpec> specs) {
        try {
            Set<String> present = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            short rf = (short) Math.min(3, admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size());
            List<String> created = new ArrayList<>();
            List<String> existing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (present.contains(spec.name())) {
                    existing.add(spec.name());
                } else if (create(spec, rf)) {
                    created.add(spec.name());
                } else {
                    existing.add(spec.name()); // created concurrently by another service
                }
            }
            List<String> all = specs.stream().map(TopicSpec::name).toList();
            awaitVisible(all);
            List<TopicDrift> drifts = existing.isEmpty() ? List.of() : compare(specs.stream()
                    .filter(s -> existing.contains(s.name())).toList());
            return new BootstrapReport(created, existing, drifts);
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic bootstrap: the broker did not answer within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("topic bootstrap failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("topic bootstrap interrupted", e);
        }
    }

    /**
     * A topic just created (here or by another service) may not be in every broker's metadata
     * yet; wait until all are describable so callers can produce to them at once.
     */
    private void awaitVisible(List<String> names) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
                admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private boolean create(TopicSpec spec, short replicationFactor) throws ExecutionException, InterruptedException, TimeoutException {
        NewTopic t = new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.topicConfigs());
        try {
            admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    private List<TopicDrift> compare(List<TopicSpec> specs) throws ExecutionException, InterruptedException, TimeoutException {
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicDrift> drifts = new ArrayList<>();
        for (TopicSpec spec : specs) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions != spec.partitions()) {
                drifts.add(new TopicDrift(spec.name(), "partitions", Integer.toString(spec.partitions()), Integer.toString(partitions)));
            }
            Map<String, String> actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).entries().stream()
                    .collect(Collectors.toMap(ConfigEntry::name, e -> e.value() == null ? "" : e.value()));
            for (String key : CHECKED_CONFIGS) {
                String expected = spec.topicConfigs().get(key);
                String got = actual.getOrDefault(key, "");
                if (!expected.equalsIgnoreCase(got)) {
                    drifts.add(new TopicDrift(spec.name(), key, expected, got));
                }
            }
        }
        return drifts;
    }
}
