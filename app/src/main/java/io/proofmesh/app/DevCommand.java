package io.proofmesh.app;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.devstack.DevStackConfig;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "dev",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Start Kafka, the schema registry and anvil, and keep them up until Ctrl-C.",
            "",
            "  Kafka broker (KRaft)   localhost:9092",
            "  Schema registry        http://localhost:8081/apis/ccompat/v7 (Confluent API, Apicurio)",
            "  anvil (local EVM)      http://localhost:8545",
            "",
            "Creates every topic of the catalogue, registers its schema (FULL_TRANSITIVE), and",
            "prints how to connect with kcat, curl and the proofmesh commands. Data and logs stay",
            "under --data-dir between runs; --wipe starts clean.",
        },
        footer = {"", "Example:", "  proofmesh dev --wipe", "  proofmesh dev --kafka-port 19092 --registry-port 18081 --anvil-port 18545"})
final class DevCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    DevStackOptions stackOptions;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        Settings settings = config.settings(Map.of()).with(stackOptions.asSettings());
        DevStackConfig dc = DevStackConfig.from(settings);
        out.println("proofmesh dev — effective configuration:");
        out.print(settings.describe());
        out.println("starting the dev stack in " + dc.dataDir() + (dc.wipe() ? " (wiped)" : ""));

        CountDownLatch stopped = new CountDownLatch(1);
        DevStack stack = DevStack.start(dc, msg -> out.println("  " + msg));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nstopping the dev stack ...");
            stack.close();
            out.println("stopped; every port is free.");
            stopped.countDown();
        }, "dev-stop"));
        StackSetup.bootstrap(stack, settings, out);
        io.proofmesh.contracts.Deployment rewards = StackSetup.deployRewards(stack.chainRpcUrl(), settings,
                io.proofmesh.scoring.policy.PolicyJson.defaultPolicy(), out);

        out.println();
        out.println("The dev stack is up:");
        out.print(stack.describe());
        out.println();
        out.println("Connect:");
        out.println("  kcat -b " + stack.bootstrapServers() + " -L");
        out.println("  kcat -b " + stack.bootstrapServers() + " -C -t telemetry.heartbeats -s value=avro -r "
                + stack.registryUrl());
        out.println("  curl " + stack.registryUrl() + "/subjects");
        out.println("  curl -s -H 'Content-Type: application/json' -d '{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"eth_chainId\",\"params\":[]}' " + stack.chainRpcUrl());
        out.println("  ./proofmesh topics --bootstrap-servers " + stack.bootstrapServers());
        out.println("  export PROOFMESH_SCORING_GOVERNANCE_ADDRESS=" + io.proofmesh.app.policy.DevGovernance.ADDRESS
                + "   # the dev governance services trust; ./proofmesh policy show");
        out.println("  # reward contracts (dev): token " + rewards.token() + ", distributor " + rewards.distributor()
                + " (first epoch " + rewards.firstEpoch() + ", challenge window " + rewards.challengeWindowSeconds() + " s)");
        out.println("  # the dev settler is anvil's public account #1 (dev only, never a real key):");
        out.println("  PROOFMESH_SETTLER_KEY=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d \\");
        out.println("    ./proofmesh settler --distributor " + rewards.distributor());
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
