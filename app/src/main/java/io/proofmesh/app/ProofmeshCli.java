package io.proofmesh.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code proofmesh} command: one entry point for every service and tool. */
@Command(name = "proofmesh",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = ProofmeshCli.Version.class,
        description = {
            "proofmesh: signed DePIN telemetry on Apache Kafka, scored per epoch and paid on-chain.",
            "",
            "Start here:",
            "  proofmesh demo      start Kafka, a schema registry and anvil, run the pipeline, stop",
            "  proofmesh dev       start the same stack and keep it up for you to connect to",
            "  proofmesh ingest    run the signed-telemetry gateway against it",
            "  proofmesh prober    measure every node's latency with signed challenges",
            "  proofmesh simulate  run a fleet of simulated nodes against ingest",
            "  proofmesh policy    show and publish the governance-signed scoring policy",
            "  proofmesh settler   settle closed epochs on-chain and serve the rewards API",
            "  proofmesh claim     claim a node's final rewards on-chain with the settler's proof",
        },
        footer = {
            "",
            "Configuration (every command): defaults < --config FILE < PROOFMESH_* environment < flags.",
            "  Any Kafka client setting passes through as kafka.<name>, e.g. --set kafka.security.protocol=SSL",
            "  or PROOFMESH_KAFKA_SECURITY_PROTOCOL=SSL.",
            "Run 'proofmesh <command> --help' for the options of a command.",
        },
        subcommands = {DevCommand.class, TopicsCommand.class, IngestCommand.class, ProberCommand.class, StreamsCommand.class, NodesCommand.class,
            PolicyCommand.class, SidecarCommand.class, VerifierCommand.class, SettlerCommand.class, ClaimCommand.class, AuditCommand.class, JobsCommand.class, SimulateCommand.class, DemoCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class ProofmeshCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new ProofmeshCli());
        cl.setExecutionExceptionHandler(new FriendlyErrors());
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ProofmeshCli.class.getPackage().getImplementationVersion();
            return new String[] {"proofmesh " + (v == null ? "(development build)" : v)};
        }
    }
}
