package io.proofmesh.app;

import io.proofmesh.app.policy.DevGovernance;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.topics.CatalogBootstrap;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/** Points settings at a started dev stack and brings it up to the topic catalogue and a genesis scoring policy. */
final class StackSetup {

    private StackSetup() {
    }

    /** Settings whose Kafka, registry and chain addresses are the stack's. */
    static Settings pointAt(Settings settings, DevStack stack) {
        return settings.with(Map.of(
                CommonSettings.KAFKA_BOOTSTRAP, stack.bootstrapServers(),
                CommonSettings.REGISTRY_URL, stack.registryUrl(),
                CommonSettings.CHAIN_RPC_URL, stack.chainRpcUrl()));
    }

    static CatalogBootstrap.Result bootstrap(DevStack stack, Settings settings, PrintStream out) {
        return bootstrap(stack, settings, out, PolicyJson.defaultPolicy());
    }

    /** Topics, schemas, and {@code genesisPolicy} published by the dev governance key if no policy is there yet. */
    static CatalogBootstrap.Result bootstrap(DevStack stack, Settings settings, PrintStream out, ScoringPolicy genesisPolicy) {
        Settings s = pointAt(settings, stack);
        CommonSettings common = CommonSettings.from(s);
        CatalogBootstrap.Result r = CatalogBootstrap.run(new KafkaClients(s),
                new SchemaRegistryClient(common.registryUrl()), common.topics(), Duration.ofSeconds(30));
        out.println("  " + r.topics().describe());
        out.println("  schemas: " + r.schemaIds().size() + " subjects registered (compatibility FULL_TRANSITIVE)");
        DevGovernance.publishGenesisIfAbsent(s, out, genesisPolicy);
        return r;
    }
}
