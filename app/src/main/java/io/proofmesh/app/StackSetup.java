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
import io.proofmesh.contracts.Deployment;
import io.proofmesh.contracts.DevDeployment;
import io.proofmesh.contracts.RewardDistributorAbi;
import io.proofmesh.platform.config.EpochSettings;
import io.proofmesh.scoring.epoch.EpochSchedule;
import java.io.PrintStream;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.http.HttpService;
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

    /** The dev challenge window: short, so a dev operator can claim within seconds of a settlement. */
    static final long DEV_CHALLENGE_WINDOW_SECONDS = 5;

    /**
     * The dev reward contracts on the stack's anvil (anvil accounts: #0 deploys, #1 settles, #9 is
     * governance): deployed at their fixed addresses unless already there. A new deployment's first
     * epoch is the current one; an existing one keeps its own. The cap is the policy's emission.
     */
    static Deployment deployRewards(String rpcUrl, Settings settings, ScoringPolicy policy, PrintStream out) {
        EpochSettings e = EpochSettings.from(settings);
        long current = new EpochSchedule(e.genesisMillis(), e.lengthMillis(), e.graceMillis()).epochOf(System.currentTimeMillis());
        long firstEpoch = existingFirstEpoch(rpcUrl).orElse(current);
        return DevDeployment.ensureDeployed(rpcUrl, DevDeployment.params(firstEpoch, policy.emissionPerEpoch(),
                DEV_CHALLENGE_WINDOW_SECONDS), msg -> out.println("  " + msg));
    }

    private static java.util.Optional<Long> existingFirstEpoch(String rpcUrl) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            String code = web3j.ethGetCode(DevDeployment.DISTRIBUTOR, DefaultBlockParameterName.LATEST).send().getCode();
            if (code == null || code.equals("0x")) {
                return java.util.Optional.empty();
            }
            String r = web3j.ethCall(Transaction.createEthCallTransaction(null, DevDeployment.DISTRIBUTOR,
                    RewardDistributorAbi.firstEpoch()), DefaultBlockParameterName.LATEST).send().getValue();
            return java.util.Optional.of(RewardDistributorAbi.decodeUint(r).longValueExact());
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException("cannot reach anvil at " + rpcUrl + ": " + ex.getMessage(), ex);
        } finally {
            web3j.shutdown();
        }
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
