package io.proofmesh.platform.kafka;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.config.StartupException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;

/**
 * Builds Kafka client configs from {@link Settings}: our defaults first, then every
 * {@code kafka.*} setting passed through verbatim, so anything the Kafka clients accept
 * (SASL, TLS, compression...) can be set without code changes.
 */
public final class KafkaClients {

    private final Settings settings;
    private final CommonSettings common;

    public KafkaClients(Settings settings) {
        this.settings = settings;
        this.common = CommonSettings.from(settings);
    }

    public String bootstrapServers() {
        return common.bootstrapServers();
    }

    /** Settings under {@code kafka.} with the prefix stripped, bootstrap servers resolved. */
    public Map<String, Object> passThrough() {
        Map<String, Object> m = new HashMap<>(settings.withPrefix("kafka."));
        m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, common.bootstrapServers());
        return m;
    }

    /** Idempotent, acks=all: a send that completes is durable and never duplicated by retries. */
    public Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> m = new HashMap<>();
        m.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        m.put(ProducerConfig.ACKS_CONFIG, "all");
        m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        m.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        m.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        m.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        m.putAll(passThrough());
        return m;
    }

    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> m = new HashMap<>();
        if (groupId != null) {
            m.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        m.putAll(passThrough());
        return m;
    }

    public Map<String, Object> adminConfig() {
        Map<String, Object> m = new HashMap<>();
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, common.connectTimeout().toMillis());
        m.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        m.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 10_000));
        m.putAll(passThrough());
        return m;
    }

    public Admin admin() {
        return Admin.create(adminConfig());
    }

    /**
     * Fails within {@code timeout} with a message that says what to do, instead of letting a
     * client retry forever against a broker that is not there.
     */
    public void awaitBroker(Duration timeout) {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new BrokerUnavailableException(common.bootstrapServers(), timeout, e);
        } catch (KafkaException e) {
            // e.g. "No resolvable bootstrap urls": the address itself is wrong
            throw new BrokerUnavailableException(common.bootstrapServers(), timeout,
                    e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException(common.bootstrapServers(), timeout, e);
        }
    }

    /**
     * Fails with advice ({@code proofmesh topics --create}) if any of {@code topics} is missing,
     * so a service does not start and then fail on its first write.
     */
    public void requireTopics(Collection<String> topics, Duration timeout) {
        try (Admin admin = admin()) {
            Set<String> present = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(present);
            if (!missing.isEmpty()) {
                throw new StartupException("topics missing on " + bootstrapServers() + ": " + missing
                        + "; create them with `proofmesh topics --create` (the dev stack does this for you)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StartupException("cannot list topics on " + bootstrapServers() + ": " + e, e);
        }
    }
}
