package io.proofmesh.app;

import io.proofmesh.app.bench.IngestBench;
import io.proofmesh.app.bench.ScoringBench;
import io.proofmesh.app.bench.SettleBench;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.devstack.DevStackConfig;
import io.proofmesh.platform.devstack.Ports;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "End-to-end benchmarks, each beside its raw ceiling measured in the same run (BENCHMARKS.md).",
        },
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Scoring.class, BenchCommand.Inference.class,
            BenchCommand.Settle.class, CommandLine.HelpCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "ingest",
            mixinStandardHelpOptions = true,
            usageHelpAutoWidth = true,
            description = {
                "Load the signed-telemetry gateway and compare it with Kafka's raw producer.",
                "",
                "Starts a throw-away dev stack (Kafka, registry, anvil) on free ports and an ingest",
                "service in this JVM with every check on (rate limits raised out of the way),",
                "registers --nodes node keys, then for each --events-per-request value: signs",
                "--warmup and then --requests heartbeat requests ahead of time (signing is the",
                "nodes' cost, not the gateway's), sends them over --concurrency keep-alive",
                "connections and reports accepted events/s, signatures verified/s (one per",
                "request), p50/p99/max latency and any non-202 answer by status. Then, on the",
                "same broker, Kafka's producer alone sends the very records ingest wrote, with",
                "ingest's producer settings: its records/s and the ratio ingest ÷ raw; and Kafka's",
                "own ProducerPerformance (kafka-tools, in its own JVM) sends as many records of the",
                "same size with the same settings: its records/s and the ratio to it.",
                "Exits 1 if any request was not accepted.",
            },
            footer = {"", "Examples:",
                "  proofmesh bench ingest",
                "  proofmesh bench ingest --events-per-request 1,10,50 --requests 40000 --concurrency 128"})
    static final class Ingest implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Mixin
        DevStackOptions stackOptions;

        @Option(names = "--events-per-request", split = ",", defaultValue = "1,10", paramLabel = "E[,E...]",
                description = "Heartbeats per signed request, one run each (1..100; default: ${DEFAULT-VALUE}).")
        List<Integer> eventsPerRequest;

        @Option(names = "--requests", defaultValue = "20000", paramLabel = "N",
                description = "Measured requests per run (default: ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--warmup", defaultValue = "5000", paramLabel = "N",
                description = "Warm-up requests before each run, not measured (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--nodes", defaultValue = "1000", paramLabel = "K",
                description = "Registered nodes the requests come from (default: ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--concurrency", defaultValue = "64", paramLabel = "C",
                description = "Keep-alive connections, one load thread each; a node always uses the same one "
                        + "(default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Override
        public Integer call() throws Exception {
            if (eventsPerRequest.stream().anyMatch(e -> e < 1 || e > 100)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--events-per-request values must be 1..100 (PROTOCOL.md §3.4)");
            }
            if (nodes < concurrency) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--nodes (" + nodes
                        + ") must be at least --concurrency (" + concurrency + "): each connection sends for its own nodes");
            }
            PrintStream out = System.out;
            Settings settings = config.settings(throwAwayStack()).with(stackOptions.asSettings());
            DevStackConfig dc = DevStackConfig.from(settings);
            out.printf("proofmesh bench ingest: %d processors, %s %s; starting a throw-away dev stack in %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), dc.dataDir());
            try (DevStack stack = DevStack.start(dc, msg -> out.println("  " + msg))) {
                StackSetup.bootstrap(stack, settings, out);
                List<IngestBench.Run> runs = new IngestBench(StackSetup.pointAt(settings, stack),
                        new IngestBench.Plan(eventsPerRequest, requests, warmup, nodes, concurrency), out).run();
                long refused = runs.stream().mapToLong(r -> r.load().requests() - r.load().accepted()).sum();
                if (refused > 0) {
                    out.println("bench FAILED: " + refused + " requests were not accepted (see the answers lines)");
                    return 1;
                }
                out.println("bench OK: every request was accepted with its signature verified.");
                return 0;
            } finally {
                out.println("dev stack stopped.");
            }
        }
    }

    /** A dev stack on free ports in .proofmesh/bench, wiped first: nothing of an earlier run is measured again. */
    static Map<String, String> throwAwayStack() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("devstack.data-dir", Path.of(".proofmesh", "bench").toAbsolutePath().toString());
        defaults.put("devstack.wipe", "true");
        defaults.put("devstack.kafka-port", Integer.toString(Ports.freePort()));
        defaults.put("devstack.controller-port", Integer.toString(Ports.freePort()));
        defaults.put("devstack.registry-port", Integer.toString(Ports.freePort()));
        defaults.put("devstack.anvil-port", Integer.toString(Ports.freePort()));
        return defaults;
    }

    @Command(name = "scoring",
            mixinStandardHelpOptions = true,
            usageHelpAutoWidth = true,
            description = {
                "Measure the scoring processor beside a stateless exactly-once loop on the same records.",
                "",
                "Starts a throw-away dev stack (Kafka, registry, anvil) on free ports, publishes the",
                "genesis scoring policy, and writes --records heartbeats of --nodes nodes straight to",
                "telemetry.heartbeats (keyed by node id over its 12 partitions; sentAt in one open epoch).",
                "Then, on the same broker:",
                "  1. scoring: a fresh scoring processor (new application id, empty state dir,",
                "     exactly_once_v2) reads them; records/s = records ÷ (time its consumer group has",
                "     committed the end of every partition − time Kafka Streams reached RUNNING), so",
                "     start-up and the group join are not counted (they are printed apart). It then",
                "     checks, via GET /v1/nodes/{id}, that sampled nodes counted every heartbeat sent.",
                "  2. latency: --rate heartbeats/s for --latency-seconds against the running processor;",
                "     1 in --sample-every comes from a fresh node and is polled every ~5 ms on the query",
                "     API until counted: p50/p99/max from send to queryable.",
                "  3. ceiling: one thread consumes the same records read_committed and copies them",
                "     unchanged to bench.eos-copy, a transaction with the offsets per poll batch:",
                "     records/s and the ratio scoring ÷ plain EOS (issue target ≥ 0.5; 100,000/s).",
                "  4. reference: Kafka's ConsumerPerformance (kafka-tools, own JVM) over the same topic.",
                "Prints CPU seconds by process for each phase and a summary table. The targets are",
                "reported, not enforced: exits 0 once every phase ran, 1 if a checked node's count",
                "is wrong or a latency sample never became queryable.",
            },
            footer = {"", "Examples:",
                "  proofmesh bench scoring",
                "  proofmesh bench scoring --records 100000 --nodes 2000 --rate 300 --latency-seconds 10"})
    static final class Scoring implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Mixin
        DevStackOptions stackOptions;

        @Option(names = "--records", defaultValue = "500000", paramLabel = "N",
                description = "Heartbeats pre-loaded and scored (default: ${DEFAULT-VALUE}).")
        long records;

        @Option(names = "--nodes", defaultValue = "10000", paramLabel = "M",
                description = "Nodes the heartbeats come from, dealt in turn (default: ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--rate", defaultValue = "500", paramLabel = "R",
                description = "Heartbeats per second during the latency phase (default: ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--latency-seconds", defaultValue = "15", paramLabel = "S",
                description = "Length of the latency phase (default: ${DEFAULT-VALUE}).")
        int latencySeconds;

        @Option(names = "--sample-every", defaultValue = "50", paramLabel = "K",
                description = "One heartbeat in K is a latency sample (default: ${DEFAULT-VALUE}).")
        int sampleEvery;

        @Override
        public Integer call() throws Exception {
            if (records < 1 || nodes < 1 || rate < 1 || latencySeconds < 1 || sampleEvery < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--records, --nodes, --rate, --latency-seconds and --sample-every must be at least 1");
            }
            if ((long) rate * latencySeconds < sampleEvery) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--rate × --latency-seconds ("
                        + (long) rate * latencySeconds + ") sends fewer heartbeats than one sample (--sample-every "
                        + sampleEvery + "); raise --latency-seconds");
            }
            PrintStream out = System.out;
            Settings settings = config.settings(throwAwayStack()).with(stackOptions.asSettings());
            DevStackConfig dc = DevStackConfig.from(settings);
            out.printf("proofmesh bench scoring: %d processors, %s %s; starting a throw-away dev stack in %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), dc.dataDir());
            try (DevStack stack = DevStack.start(dc, msg -> out.println("  " + msg))) {
                StackSetup.bootstrap(stack, settings, out);
                ScoringBench.Report r = new ScoringBench(StackSetup.pointAt(settings, stack),
                        new ScoringBench.Plan(records, nodes, rate, latencySeconds, sampleEvery), out).run();
                if (r.nodesMatching() < r.nodesChecked() || r.latency().unseen() > 0) {
                    out.println("bench FAILED: the processor did not count every heartbeat it was sent (see the check and"
                            + " latency lines)");
                    return 1;
                }
                out.println("bench OK: every phase ran and every heartbeat checked was counted (targets are reported above,"
                        + " not enforced).");
                return 0;
            } finally {
                out.println("dev stack stopped.");
            }
        }
    }

    @Command(name = "inference",
            mixinStandardHelpOptions = true,
            usageHelpAutoWidth = true,
            description = {
                "Measure the inference sidecar against ONNX Runtime alone, with the real models.",
                "",
                "  (a) CNN (MobileNetV3, 1x3x48x192): per job, the sidecar's path (validate, decode,",
                "      run, encode, digest) beside a bare session.run on the same inputs: p50/p99 and",
                "      the overhead (target <= 10 %).",
                "  (b) MLP: jobs/s with one run per job and with micro-batches of --batch (target >= 2x).",
                "  (c) on a throw-away dev stack with a real ingest and a sidecar: --e2e-jobs MLP jobs at",
                "      --rate per second, submitted -> signed result in jobs.results, p50/p99.",
            },
            footer = {"", "Examples:", "  proofmesh bench inference",
                "  proofmesh bench inference --cnn-jobs 500 --mlp-jobs 20000 --batch 32 --e2e-jobs 500 --rate 50"})
    static final class Inference implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Mixin
        DevStackOptions stackOptions;

        @Option(names = "--cnn-jobs", defaultValue = "1000", description = "CNN jobs timed in (a) (default: ${DEFAULT-VALUE}).")
        int cnnJobs;

        @Option(names = "--mlp-jobs", defaultValue = "20000", description = "MLP jobs in (b) (default: ${DEFAULT-VALUE}).")
        int mlpJobs;

        @Option(names = "--batch", defaultValue = "32", description = "Micro-batch size in (b) (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--e2e-jobs", defaultValue = "1000", description = "Jobs in (c) (default: ${DEFAULT-VALUE}).")
        int e2eJobs;

        @Option(names = "--rate", defaultValue = "100", description = "Jobs per second in (c) (default: ${DEFAULT-VALUE}).")
        int rate;

        @Override
        public Integer call() throws Exception {
            if (cnnJobs < 1 || mlpJobs < 1 || batch < 1 || e2eJobs < 1 || rate < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "every count must be at least 1");
            }
            PrintStream out = System.out;
            Settings settings = config.settings(throwAwayStack()).with(stackOptions.asSettings());
            DevStackConfig dc = DevStackConfig.from(settings);
            out.printf("proofmesh bench inference: %d processors, %s %s; starting a throw-away dev stack in %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), dc.dataDir());
            try (DevStack stack = DevStack.start(dc, msg -> out.println("  " + msg))) {
                StackSetup.bootstrap(stack, settings, out);
                new io.proofmesh.app.bench.InferenceBench(StackSetup.pointAt(settings, stack),
                        new io.proofmesh.app.bench.InferenceBench.Plan(cnnJobs, mlpJobs, batch, e2eJobs, rate), out).run();
                out.println("bench OK: every phase ran (targets are reported above, not enforced).");
                return 0;
            } finally {
                out.println("dev stack stopped.");
            }
        }
    }

    @Command(name = "settle",
            mixinStandardHelpOptions = true,
            usageHelpAutoWidth = true,
            description = {
                "Measure reward settlement: allocation, reward tree, proofs and claim gas.",
                "",
                "  (a) --nodes synthetic node scores (fixed seed; ~90 % eligible with a realistic spread",
                "      of availability and work scores, the rest below the uptime floor or not ACTIVE),",
                "      every node with rewards from earlier epochs: RewardAllocator.allocate and",
                "      RewardTable.build (rows + Merkle tree), the settler's pure path, timed apart;",
                "      median of --runs after a warm-up (target: < 5 s for 1,000,000 nodes).",
                "  (b) proofs/s for --proofs random nodes of that tree, and proof + verify/s.",
                "  (c) on an anvil of its own (or --chain-rpc-url, which must be anvil: the bench moves",
                "      its clock): deploys RewardToken + RewardDistributor with anvil account #0, posts",
                "      the tree's root (gas), checks the root on chain, moves past the challenge window,",
                "      then claims for ~--claims nodes: first claims into empty payout addresses, first",
                "      claims into payout addresses already holding tokens, and second-epoch claims after",
                "      posting the next epoch (gas min/median/max; target ≤ 90,000; Uniswap's",
                "      merkle-distributor: 63k–92k in a 100k-leaf tree).",
                "  (d) the raw ceiling: OpenZeppelin's StandardMerkleTree.of in node over the first",
                "      --oz-nodes of the same leaves, its time beside MerkleTree.of's and the roots compared.",
                "Needs about 4 GB of heap for 1,000,000 nodes: PROOFMESH_JAVA_OPTS=-Xmx4g.",
                "Exits 0 when every phase ran, 1 if the posted root or a claimed amount is wrong.",
            },
            footer = {"", "Examples:",
                "  PROOFMESH_JAVA_OPTS=-Xmx4g proofmesh bench settle",
                "  proofmesh bench settle --nodes 100000 --claims 20 --runs 3 --oz-nodes 20000"})
    static final class Settle implements Callable<Integer> {

        @Option(names = "--nodes", defaultValue = "1000000", paramLabel = "N",
                description = "Nodes in the epoch, every one also paid before (default: ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--runs", defaultValue = "3", paramLabel = "R",
                description = "Timed runs of (a) after the warm-up; the median is reported (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--claims", defaultValue = "20", paramLabel = "C",
                description = "Claims sent in (c), about a third of each kind (default: ${DEFAULT-VALUE}).")
        int claims;

        @Option(names = "--proofs", defaultValue = "200000", paramLabel = "P",
                description = "Proofs generated in (b) (default: ${DEFAULT-VALUE}).")
        int proofs;

        @Option(names = "--oz-nodes", defaultValue = "100000", paramLabel = "K",
                description = "Leaves of the OpenZeppelin JS tree in (d), at most --nodes; 0 skips it. OpenZeppelin's "
                        + "library builds ~3,000 leaves/s on a loaded 2-core machine, hence not a million (default: ${DEFAULT-VALUE}).")
        int ozNodes;

        @Option(names = "--seed", defaultValue = "6", paramLabel = "S",
                description = "Seed of the synthetic fleet (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--chain-rpc-url", paramLabel = "URL",
                description = "An anvil that is already running (e.g. the dev stack's) instead of starting one; the bench "
                        + "deploys its own contracts there and moves the chain's time forward.")
        String chainRpcUrl;

        @Override
        public Integer call() throws Exception {
            if (nodes < 10 || runs < 1 || claims < 3 || proofs < 1 || ozNodes < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--nodes must be at least 10, --runs and --proofs at least 1, --claims at least 3, --oz-nodes at least 0");
            }
            PrintStream out = System.out;
            out.printf("proofmesh bench settle: %d processors, %s %s, max heap %,d MB; %,d nodes%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, nodes);
            Path work = Files.createTempDirectory("proofmesh-bench-settle");
            SettleBench.Report r = new SettleBench(new SettleBench.Plan(nodes, runs, claims, proofs, Math.min(ozNodes, nodes), seed,
                    chainRpcUrl), PolicyJson.defaultPolicy(), out).run(work);
            if (!r.rootMatches() || r.claimMismatches() > 0 || (r.oz() != null && !r.ozRootMatches())) {
                out.println("bench FAILED: the root on chain, a claimed amount or the OpenZeppelin root is not what the tree says"
                        + " (see above); work files in " + work);
                return 1;
            }
            out.println("bench OK: every phase ran, the posted root is the tree's and every claim paid its leaf (targets are"
                    + " reported above, not enforced).");
            deleteQuietly(work); // anvil's log, node's script and log: kept only when something failed
            return 0;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp dir; the OS cleans it eventually
        }
    }
}
