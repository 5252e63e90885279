package io.proofmesh.app;

import io.proofmesh.ingest.prober.ProberService;
import io.proofmesh.ingest.service.IngestService;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.devstack.DevStackConfig;
import io.proofmesh.platform.devstack.Ports;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.simulator.fleet.FleetConfig;
import io.proofmesh.simulator.fleet.FleetReport;
import io.proofmesh.simulator.fleet.FleetSimulator;
import io.proofmesh.simulator.fleet.NodeProfile;
import io.proofmesh.simulator.fleet.SimulatedNode;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.streams.service.StreamsService;
import io.proofmesh.streams.service.StreamsSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import io.proofmesh.contracts.Deployment;
import io.proofmesh.contracts.DevDeployment;
import io.proofmesh.settler.audit.AuditProgress;
import io.proofmesh.settler.audit.EpochAudit;
import io.proofmesh.settler.audit.EpochAuditReport;
import io.proofmesh.settler.service.SettlerService;
import io.proofmesh.settler.service.SettlerSettings;
import java.time.Duration;
import org.web3j.utils.Numeric;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Run the pipeline end to end on a throw-away dev stack, then exit.",
            "",
            "Starts a real Kafka broker, schema registry and anvil on free ports (or the ones given),",
            "then ingest, the latency prober and the scoring processor (10 s epochs) on it, then a fleet",
            "of simulated nodes of every profile",
            "(honest, flaky, slow, replayer, forger, skewed) that registers, answers probes and sends",
            "signed telemetry through ingest. Prints what ingest accepted and refused, by reason; reads",
            "every accepted event and every probe back from Kafka (Avro, schemas from the registry) and",
            "re-verifies their signatures from the records alone.",
            "",
            "Then prints each epoch's scores with their components, once every partition closed it,",
            "and runs inference: three GPU nodes' sidecars (one dishonest) answer MLP and CNN jobs",
            "through ingest while the verifier re-runs a secret sample and injects canaries.",
            "Meanwhile the reward settler settles every closed epoch on anvil (allocation, Merkle root",
            "posted by RewardDistributor); at the end each epoch is audited from the raw topics and one",
            "honest operator claims its rewards on-chain with `proofmesh claim`.",
            "",
            "Exits 0 only if nothing forged, tampered or replayed was accepted, every receipt and every",
            "stored record verified, the prober measured the nodes, honest nodes outscore flaky and slow",
            "ones (averaged over the epochs the fleet ran through whole), forgers and replayers score 0,",
            "every job is answered, the dishonest GPU node is caught within the stated bound, every",
            "epoch is settled and passes its audit, and the claim paid what the rewards API said.",
        },
        footer = {"", "Example:", "  proofmesh demo --nodes 60 --duration 20"})
final class DemoCommand implements Callable<Integer> {

    /** Short epochs so that the demo scores two or three of them in half a minute. */
    private static final Duration DEMO_EPOCH = Duration.ofSeconds(10);

    @Mixin
    ConfigOptions config;

    @Mixin
    DevStackOptions stackOptions;

    @Option(names = "--nodes", defaultValue = "30",
            description = "Simulated nodes, split over the profiles (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--duration", defaultValue = "24", paramLabel = "SECONDS",
            description = "How long the fleet sends telemetry and answers probes (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        if (nodes < 6 || seconds < 4) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "the demo needs --nodes ≥ 6 (one per profile) and --duration ≥ 4 seconds");
        }
        PrintStream out = System.out;
        Map<String, String> demoDefaults = new LinkedHashMap<>();
        demoDefaults.put("devstack.data-dir", Path.of(".proofmesh", "demo").toAbsolutePath().toString());
        demoDefaults.put("devstack.wipe", "true");
        demoDefaults.put("devstack.kafka-port", Integer.toString(Ports.freePort()));
        demoDefaults.put("devstack.controller-port", Integer.toString(Ports.freePort()));
        demoDefaults.put("devstack.registry-port", Integer.toString(Ports.freePort()));
        demoDefaults.put("devstack.anvil-port", Integer.toString(Ports.freePort()));
        Settings settings = config.settings(demoDefaults).with(stackOptions.asSettings());
        DevStackConfig dc = DevStackConfig.from(settings);

        out.println("proofmesh demo: starting a throw-away dev stack in " + dc.dataDir());
        try (DevStack stack = DevStack.start(dc, msg -> out.println("  " + msg))) {
            out.print(stack.describe());
            StackSetup.bootstrap(stack, settings, out, demoPolicy());
            return run(StackSetup.pointAt(settings, stack), out) ? 0 : 1;
        } finally {
            out.println("dev stack stopped.");
        }
    }

    private boolean run(Settings s, PrintStream out) throws Exception {
        SecureRandom random = new SecureRandom();
        String adminToken = HexFormat.of().formatHex(randomBytes(random, 24));
        Map<String, String> run = new LinkedHashMap<>();
        run.put("http.host", "127.0.0.1");
        run.put("http.port", "0");
        run.put("ingest.id", "ingest-demo");
        run.put("admin.token", adminToken);
        run.put("ingest.receipt-key", privateKeyHex(random));
        run.put("prober.id", "prober-demo");
        run.put("prober.key", privateKeyHex(random));
        run.put("prober.probes-per-epoch", "5");
        run.put("prober.timeout", "3s"); // slow nodes answer after 1.5 s: measured, not timed out
        long now = System.currentTimeMillis();
        run.put("epoch.genesis", Long.toString(now - now % 1000));
        run.put("epoch.length", DEMO_EPOCH.toSeconds() + "s");
        run.put("epoch.grace", "1s");
        run.put(StreamsSettings.CLOSE_MARGIN, "500ms");
        run.put(StreamsSettings.INSTANCE_ID, "streams-demo");
        // A fresh state dir each run: the stack is new, so no local state may outlive it.
        Path streamsState = Path.of(s.get("devstack.data-dir"), "streams");
        deleteTree(streamsState);
        run.put(StreamsSettings.STATE_DIR, streamsState.toString());
        run.put(StreamsSettings.COMMIT_INTERVAL, "100ms");
        run.put(PolicyCommand.GOVERNANCE_ADDRESS, io.proofmesh.app.policy.DevGovernance.ADDRESS);
        Settings services = s.with(run);
        try {
            return runServices(s, services, random, adminToken, out);
        } finally {
            deleteTree(streamsState);
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing to delete
        } catch (java.io.IOException e) {
            // a state dir left behind is deleted by the next run
        }
    }

    private boolean runServices(Settings s, Settings services, SecureRandom random, String adminToken, PrintStream out)
            throws Exception {

        out.println();
        out.println("1) starting ingest (signed-telemetry gateway), the latency prober, the scoring processor and the reward"
                + " settler");
        Deployment rewards = StackSetup.deployRewards(CommonSettings.from(services).chainRpcUrl(), services, demoPolicy(), out);
        Settings settlerSettings = services.with(Map.of(
                SettlerSettings.DISTRIBUTOR, rewards.distributor(),
                SettlerSettings.KEY, Numeric.toHexStringWithPrefixZeroPadded(
                        DevDeployment.settlerCredentials().getEcKeyPair().getPrivateKey(), 64),
                SettlerSettings.POLL_INTERVAL, "300ms"));
        // The settler's lines are shown while the services start; later its epochs are in step 7's table.
        java.util.concurrent.atomic.AtomicBoolean settlerChatter = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (IngestService ingest = IngestService.start(services, msg -> out.println("   [ingest] " + msg));
             ProberService prober = ProberService.start(services, msg -> out.println("   [prober] " + msg));
             StreamsService streams = StreamsService.start(services, msg -> out.println("   [streams] " + msg));
             SettlerService settler = SettlerService.start(settlerSettings, msg -> {
                 if (settlerChatter.get()) {
                     out.println("   [settler] " + msg);
                 }
             })) {
            streams.awaitRunning(Duration.ofSeconds(60));
            out.println();
            settlerChatter.set(false);
            out.println("2) " + nodes + " simulated nodes register, answer probes and send signed telemetry for " + seconds + " s");
            FleetConfig cfg = FleetConfig.of(nodes, Duration.ofSeconds(seconds), "http://127.0.0.1:" + ingest.port(), adminToken)
                    .withSeed(random.nextLong()).withHeartbeatInterval(Duration.ofSeconds(1))
                    .withExpectedIngestAddress(Optional.of(ingest.receiptAddress()));
            Map<String, SimulatedNode> fleetNodes;
            FleetReport report;
            long fleetStart;
            long fleetEnd;
            try (FleetSimulator fleet = FleetSimulator.prepare(cfg, m -> out.println("   " + m))) {
                fleetNodes = fleet.nodes().stream().collect(Collectors.toMap(SimulatedNode::nodeId, n -> n));
                fleetStart = System.currentTimeMillis();
                try (AutoCloseable watch = demoScores(s, streams, fleetNodes, out)
                        .watch(streams.settings().schedule().epochOf(fleetStart))) {
                    report = fleet.run();
                }
                fleetEnd = System.currentTimeMillis();
                prober.close(); // before the fleet's probe endpoints go away, so no probe meets a closed port
            }
            out.println();
            out.println("3) what ingest accepted and refused, by profile and reason (from the nodes' side):");
            report.print(out);

            out.println();
            out.println("4) reading it all back from Kafka and re-verifying it from the records alone");
            TelemetryReadBack readBack = new TelemetryReadBack(new KafkaClients(s),
                    new SchemaRegistryClient(CommonSettings.from(s).registryUrl()), SignerRecoveries.best());
            Set<String> ids = fleetNodes.keySet();
            TelemetryReadBack.Events events = readBack.events(ids);
            out.printf("   events stored: %s (%d distinct (nodeId, seq, eventIndex))%n", events.perTopic(), events.distinct());
            out.printf("   wire format of one record: %s%n", events.firstHeader());
            out.printf("   re-verified from the topic alone (keccak256(signedBody) = bodyDigest, EIP-191 signer = signer): %d of %d%n",
                    events.verified(), events.total());
            io.proofmesh.platform.protocol.SigningDomain domain = CommonSettings.signingDomain(s);
            TelemetryReadBack.Probes probes = readBack.probes(ids, domain.network(), domain.chainId());
            out.printf("   latency probes in telemetry.probes: %d by outcome %s; prober and node signatures valid: %d of %d%n",
                    probes.total(), probes.byOutcome(), probes.signaturesValid(), probes.total());
            printProbesByProfile(probes, fleetNodes, out);

            out.println();
            out.println("5) scores per epoch, from scores.epoch once every partition has closed the epoch");
            EpochSchedule schedule = streams.settings().schedule();
            boolean scoresOk = demoScores(s, streams, fleetNodes, out).printAndCheck(schedule.epochOf(fleetStart), schedule.epochOf(fleetEnd), fleetStart, fleetEnd,
                            Duration.ofSeconds(DEMO_EPOCH.toSeconds() + 30));

            out.println();
            out.println("6) inference: " + DemoInference.SIDECARS + " GPU nodes run sidecars (the last one dishonest), the verifier"
                    + " re-runs a secret sample and injects canaries");
            boolean inferenceOk = new DemoInference(services, ingest.port(), fleetNodes.size(), out).run(60, 6);

            out.println();
            out.println("7) rewards: every epoch the fleet ran in, settled on anvil (RewardDistributor " + rewards.distributor()
                    + "), audited from the raw topics, and one operator's claim");
            boolean rewardsOk;
            try (EpochAudit audit = EpochAudit.connect(settlerSettings)) {
                rewardsOk = new DemoRewards(settlerSettings, settler, rewards, fleetNodes, out).run(schedule.epochOf(fleetEnd),
                        epoch -> {
                            EpochAuditReport r = audit.audit(epoch, null, AuditProgress.NONE);
                            out.println("   audit of epoch " + epoch + ": " + (r.clean() ? "PASS" : "FAIL") + " — " + r.verdict());
                            if (!r.clean()) {
                                out.println(r.summary().indent(6).stripTrailing());
                            }
                            return r.clean();
                        }, Duration.ofSeconds(90));
            }

            boolean accepted = report.total().acceptedEvents() == events.distinct();
            boolean measured = probes.byOutcome().getOrDefault(ProbeOutcome.OK, 0) > 0;
            boolean ok = report.clean() && events.total() > 0 && events.allVerified() && accepted && measured
                    && probes.signaturesValid() == probes.total() && scoresOk && inferenceOk && rewardsOk;
            out.println();
            if (ok) {
                out.printf("demo OK: %d events accepted and stored, all re-verified from Kafka; forged/tampered "
                        + "accepted 0 of %d, replays accepted 0 of %d; %d probes measured; honest nodes outscore flaky and "
                        + "slow ones, forgers and replayers score 0; every job answered, the dishonest GPU node caught; every epoch "
                        + "settled on-chain, audited, and claimed as the API said.%n",
                        events.total(), report.forgedSent(),
                        report.replaysSent(), probes.total());
            } else {
                out.printf("demo FAILED: clean=%s, stored %d vs accepted %d, re-verified %d, probes OK %s, probe signatures %d/%d, "
                        + "scores ordered %s, inference %s, rewards %s%n", report.clean(), events.distinct(), report.total().acceptedEvents(),
                        events.verified(), measured, probes.signaturesValid(), probes.total(), scoresOk, inferenceOk, rewardsOk);
            }
            return ok;
        }
    }

    /** Network-measured latency per profile: slow nodes show up here, not in anything they report. */
    private static void printProbesByProfile(TelemetryReadBack.Probes probes, Map<String, SimulatedNode> nodes, PrintStream out) {
        Map<NodeProfile, java.util.List<TelemetryReadBack.Probe>> byProfile = new java.util.EnumMap<>(NodeProfile.class);
        probes.all().forEach(p -> byProfile.computeIfAbsent(nodes.get(p.nodeId()).profile(), k -> new java.util.ArrayList<>()).add(p));
        out.printf("   %-10s %6s %6s %8s %14s%n", "PROFILE", "PROBES", "OK", "TIMEOUT", "MEDIAN RTT ms");
        byProfile.forEach((profile, list) -> {
            long[] rtts = list.stream().filter(p -> p.rttMicros() != null).mapToLong(TelemetryReadBack.Probe::rttMicros).sorted().toArray();
            long ok = list.stream().filter(p -> p.outcome() == ProbeOutcome.OK).count();
            long timeouts = list.stream().filter(p -> p.outcome() == ProbeOutcome.TIMEOUT).count();
            out.printf("   %-10s %6d %6d %8d %14s%n", profile.label(), list.size(), ok, timeouts,
                    rtts.length == 0 ? "-" : String.format("%.1f", rtts[rtts.length / 2] / 1000.0));
        });
    }

    private static DemoScores demoScores(Settings s, StreamsService streams, Map<String, SimulatedNode> nodes, PrintStream out) {
        return new DemoScores(new ScoreReadBack(new KafkaClients(s), new SchemaRegistryClient(CommonSettings.from(s).registryUrl())),
                streams.settings().schedule(), nodes, out);
    }

    /** The default policy with one-second uptime slots, to match the demo's one heartbeat per second. */
    static ScoringPolicy demoPolicy() {
        try (var in = DemoCommand.class.getResourceAsStream("/io/proofmesh/app/demo-policy.json")) {
            return PolicyJson.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** 32 random bytes below the curve order (first byte kept small), hex. */
    private static String privateKeyHex(SecureRandom random) {
        byte[] key = randomBytes(random, 32);
        key[0] = (byte) (1 + random.nextInt(0x7f));
        return HexFormat.of().formatHex(key);
    }
}
