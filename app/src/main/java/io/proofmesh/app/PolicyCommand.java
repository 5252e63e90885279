package io.proofmesh.app;

import io.proofmesh.app.policy.PolicySigning;
import io.proofmesh.app.policy.PolicyTopic;
import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.EpochSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.PolicyBook;
import io.proofmesh.scoring.policy.PolicyHash;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.PolicyVerifier;
import io.proofmesh.scoring.policy.PublicationRule;
import io.proofmesh.scoring.policy.RefusedPolicyException;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.scoring.policy.VerifiedPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code proofmesh policy}: the governance-signed scoring policy (PROTOCOL.md section 11). */
@Command(name = "policy",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Show and publish the scoring policy: the rules that turn an epoch's telemetry into scores and rewards.",
            "",
            "A policy is data, keyed by its content hash, signed by the deployment's governance key and published"
                + " to config.scoring-policy. It takes effect at its effectiveFromEpoch, which must be at least two "
                + "epochs after the epoch it is published in, so every epoch's policy is known before the epoch starts."
                + " Services use only policies signed by the address in setting scoring.governance-address "
                + "(PROOFMESH_SCORING_GOVERNANCE_ADDRESS).",
        },
        footer = {"", "Examples:",
            "  # start from the shipped default, edit it, check its hash (no broker needed):",
            "  proofmesh policy show --default --json > policy.json",
            "  proofmesh policy show --file policy.json",
            "  # sign with the governance key (or --key-file governance.key) and publish:",
            "  export PROOFMESH_GOVERNANCE_KEY=...",
            "  proofmesh policy publish --file policy.json",
            "  proofmesh policy show --governance-address 0x... --epoch 4200"},
        subcommands = {PolicyCommand.Show.class, PolicyCommand.Publish.class})
final class PolicyCommand implements Runnable {

    /** Setting naming the governance address whose policies a deployment trusts. */
    static final String GOVERNANCE_ADDRESS = io.proofmesh.streams.service.StreamsSettings.GOVERNANCE;
    /** Environment variable holding governance's private key for {@code policy publish}. */
    static final String GOVERNANCE_KEY_ENV = "PROOFMESH_GOVERNANCE_KEY";
    /** Exit code of a policy refused before anything was published. */
    static final int EXIT_REFUSED = 2;

    private static final Map<String, String> DEFAULTS = defaults();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>(EpochSettings.DEFAULTS);
        m.put(GOVERNANCE_ADDRESS, "");
        return Map.copyOf(m);
    }

    /** Network, chain and epoch options of both subcommands. */
    static final class DeploymentOptions {
        @Mixin
        ConfigOptions config;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--network", paramLabel = "NAME",
                description = "The deployment's network (default: setting network.name, proofmesh-devnet).")
        String network;

        @Option(names = "--chain-id", paramLabel = "ID",
                description = "The deployment's chain id (default: setting network.chain-id, 31337).")
        Long chainId;

        Settings settings() {
            return config.settings(DEFAULTS, connection);
        }

        SigningDomain domain(Settings s) {
            SigningDomain d = CommonSettings.signingDomain(s);
            try {
                return new SigningDomain(network != null ? network : d.network(), chainId != null ? chainId : d.chainId());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--network/--chain-id: " + e.getMessage());
            }
        }

        static EpochSchedule schedule(Settings s) {
            EpochSettings e = EpochSettings.from(s);
            return new EpochSchedule(e.genesisMillis(), e.lengthMillis(), e.graceMillis());
        }
    }

    static ScoringPolicy readFile(Path file) {
        try {
            return PolicyJson.read(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read the policy file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("policy file " + file + ": " + e.getMessage() + " (fix the file and run the command again)");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {
                "Show a policy file, or every policy on config.scoring-policy and which one is in force.",
                "",
                "With --file (or --default): prints the policy, its content hash and the digest governance signs for "
                    + "this network and chain id. No broker needed.",
                "",
                "Without: reads every record of config.scoring-policy, verifies each against the trusted governance "
                    + "address (--governance-address or setting scoring.governance-address) and prints them with their "
                    + "status (valid, or the refusal reason: BAD_SIGNATURE, UNTRUSTED_GOVERNANCE, INVALID_POLICY, "
                    + "PUBLISHED_TOO_LATE), then the policy in force for the current epoch (settings epoch.genesis, "
                    + "epoch.length) and for --epoch N.",
            },
            footer = {"", "Examples:",
                "  proofmesh policy show --default --json > policy.json",
                "  proofmesh policy show --file policy.json --network proofmesh-mainnet --chain-id 1",
                "  proofmesh policy show --governance-address 0xa0ee7a142d267c1f36714e4a8f75612f20a79720 --epoch 9000"})
    static final class Show implements Callable<Integer> {
        @Mixin
        DeploymentOptions deployment;

        @Option(names = "--file", paramLabel = "FILE", description = "A policy file (JSON) to show instead of the topic.")
        Path file;

        @Option(names = "--default", description = "Show the default policy shipped with proofmesh instead of the topic.")
        boolean shipped;

        @Option(names = "--json", description = "With --file or --default: print only the policy file's JSON (to edit and publish).")
        boolean json;

        @Option(names = "--governance-address", paramLabel = "ADDRESS",
                description = "Trusted governance address (default: setting scoring.governance-address).")
        String governanceAddress;

        @Option(names = "--epoch", paramLabel = "N", description = "Also show the policy in force for epoch N.")
        Long epoch;

        @Override
        public Integer call() {
            Settings s = deployment.settings();
            PrintStream out = System.out;
            if (file != null || shipped) {
                ScoringPolicy p = file != null ? readFile(file) : PolicyJson.defaultPolicy();
                if (json) {
                    out.print(PolicyJson.write(p));
                } else {
                    printFile(p, file != null ? file.toString() : "the shipped default policy", deployment.domain(s), out);
                }
                return 0;
            }
            String trusted = governanceAddress != null ? governanceAddress : s.get(GOVERNANCE_ADDRESS, "");
            if (trusted.isBlank()) {
                throw new ConfigException("no trusted governance address: pass --governance-address 0x... or set "
                        + GOVERNANCE_ADDRESS + " (PROOFMESH_SCORING_GOVERNANCE_ADDRESS); the dev stack's is printed by "
                        + "`proofmesh dev`");
            }
            SigningDomain domain = deployment.domain(s);
            EpochSchedule schedule = DeploymentOptions.schedule(s);
            PolicyVerifier verifier;
            try {
                verifier = new PolicyVerifier(domain.network(), domain.chainId(), trusted, schedule);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--governance-address / " + GOVERNANCE_ADDRESS + ": " + e.getMessage());
            }
            List<PolicyTopic.Entry> entries = new PolicyTopic(s).readAll();
            out.println(entries.size() + " record(s) on " + PolicyTopic.TOPIC + " (network " + domain.network() + ", chain "
                    + domain.chainId() + ", trusted governance " + verifier.trustedGovernance() + ")");
            out.printf("%-66s  %-22s %10s  %-24s  %-42s  %s%n", "HASH", "VERSION", "FROM EPOCH", "PUBLISHED AT", "SIGNER", "STATUS");
            PolicyBook book = PolicyBook.empty();
            for (PolicyTopic.Entry e : entries) {
                if (e.value() == null) { // a tombstone: compaction will remove the key; nothing to verify
                    out.printf("%-66s  %-22s %10s  %-24s  %-42s  %s%n", e.key(), "-", "-", "-", "-", "deleted (tombstone)");
                    continue;
                }
                String status;
                try {
                    VerifiedPolicy v = verifier.verify(e.key(), e.value());
                    book = book.with(v);
                    status = "valid";
                } catch (RefusedPolicyException r) {
                    status = r.reason().name() + " (" + r.getMessage().substring(r.reason().name().length() + 2) + ")";
                }
                io.proofmesh.schemas.policy.ScoringPolicy v = e.value();
                out.printf("%-66s  %-22s %10s  %-24s  %-42s  %s%n", e.key(), v.getPolicyVersion(), v.getEffectiveFromEpoch(),
                        v.getPublishedAt(), v.getGovernanceAddress(), status);
            }
            long now = Instant.now().toEpochMilli();
            long current = schedule.epochOf(now);
            printInForce("current epoch " + current, book.policyFor(current, schedule), out);
            if (epoch != null) {
                printInForce("epoch " + epoch, book.policyFor(epoch, schedule), out);
            }
            return 0;
        }

        private static void printInForce(String what, Optional<VerifiedPolicy> p, PrintStream out) {
            out.println("in force for " + what + ": " + p.map(v -> v.hex() + " " + v.policy().policyVersion()
                    + " (from epoch " + v.policy().effectiveFromEpoch() + ")").orElse("none (no valid policy effective by then)"));
        }

        private static void printFile(ScoringPolicy p, String source, SigningDomain domain, PrintStream out) {
            byte[] hash = PolicyHash.of(p);
            out.println("policy " + source);
            row(out, "policyVersion", p.policyVersion());
            row(out, "effectiveFromEpoch", p.effectiveFromEpoch() + (p.effectiveFromEpoch() == 0 ? " (genesis)" : ""));
            row(out, "heartbeatIntervalSeconds", Integer.toString(p.heartbeatIntervalSeconds()));
            row(out, "latencyTiers", p.latencyTiers().stream().map(t -> "<= " + t.maxMicros() + " us: " + t.ppm() + " ppm")
                    .collect(Collectors.joining(", ")));
            row(out, "minUptimePpm", Integer.toString(p.minUptimePpm()));
            row(out, "availabilityWeightPpm", Integer.toString(p.availabilityWeightPpm()));
            row(out, "workWeightPpm", Integer.toString(p.workWeightPpm()));
            row(out, "reputationPriorAlphaPpm", Long.toString(p.reputationPriorAlphaPpm()));
            row(out, "reputationPriorBetaPpm", Long.toString(p.reputationPriorBetaPpm()));
            row(out, "reputationDecayPpm", Integer.toString(p.reputationDecayPpm()));
            row(out, "emissionPerEpoch", p.emissionPerEpoch() + " (" + tokens(p.emissionPerEpoch()) + " tokens)");
            row(out, "publishedAt", p.publishedAtMillis() + " (" + Instant.ofEpochMilli(p.publishedAtMillis())
                    + "; `policy publish` stamps the time it signs)");
            out.println("content hash    " + PolicyHash.hex(hash));
            out.println("signing digest  0x" + HexFormat.of().formatHex(PolicyHash.signingDigest(hash, domain.network(), domain.chainId()))
                    + " (network " + domain.network() + ", chain " + domain.chainId() + ")");
            out.println("recompute the hash: cast keccak $(cast abi-encode 'f" + PolicyHash.CONTENT_TYPES + "' " + castArgs(p) + ")");
        }

        private static void row(PrintStream out, String name, String value) {
            out.printf("  %-26s %s%n", name, value);
        }

        private static String tokens(BigInteger baseUnits) {
            return new BigDecimal(baseUnits, 18).stripTrailingZeros().toPlainString();
        }

        private static String castArgs(ScoringPolicy p) {
            String tiers = p.latencyTiers().stream().map(t -> "(" + t.maxMicros() + "," + t.ppm() + ")")
                    .collect(Collectors.joining(",", "[", "]"));
            return String.join(" ", "'" + p.policyVersion().replace("'", "'\\''") + "'", Long.toString(p.effectiveFromEpoch()),
                    Integer.toString(p.heartbeatIntervalSeconds()), "'" + tiers + "'", Integer.toString(p.minUptimePpm()),
                    Integer.toString(p.availabilityWeightPpm()), Integer.toString(p.workWeightPpm()),
                    Long.toString(p.reputationPriorAlphaPpm()), Long.toString(p.reputationPriorBetaPpm()),
                    Integer.toString(p.reputationDecayPpm()), p.emissionPerEpoch().toString(), Long.toString(p.publishedAtMillis()));
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {
                "Sign a policy file with the governance key and publish it to config.scoring-policy.",
                "",
                "Sets publishedAt to now, signs the policy's digest for this network and chain id (EIP-191), and "
                    + "writes it keyed by its content hash with an idempotent, acks=all producer; prints the hash, "
                    + "partition and offset.",
                "",
                "Refused (exit code 2, nothing published) unless effectiveFromEpoch is at least the current epoch + "
                    + "2, so services learn a policy at least one whole epoch before it applies. The first policy of a "
                    + "deployment is the exception: --genesis publishes a policy with effectiveFromEpoch 0, only while the "
                    + "topic holds none. Also refused if setting scoring.governance-address is set and is not the key's "
                    + "address.",
                "",
                "The private key (32 bytes of hex, with or without 0x) comes from the environment variable "
                    + "PROOFMESH_GOVERNANCE_KEY or from --key-file; it is never a flag value and never printed.",
            },
            footer = {"", "Examples:",
                "  proofmesh policy show --default --json > policy.json",
                "  # edit effectiveFromEpoch (>= current epoch + 2) and the rules, then:",
                "  export PROOFMESH_GOVERNANCE_KEY=...",
                "  proofmesh policy publish --file policy.json",
                "  proofmesh policy publish --file genesis.json --genesis --key-file governance.key \\",
                "      --bootstrap-servers broker:9092 --registry-url http://registry:8081/apis/ccompat/v7"})
    static final class Publish implements Callable<Integer> {
        @Mixin
        DeploymentOptions deployment;

        @Option(names = "--file", paramLabel = "FILE", required = true, description = "The policy file (JSON) to sign and publish.")
        Path file;

        @Option(names = "--key-file", paramLabel = "FILE",
                description = "File holding the governance private key (default: environment variable " + GOVERNANCE_KEY_ENV + ").")
        Path keyFile;

        @Option(names = "--genesis", description = "Publish the deployment's first policy (effectiveFromEpoch 0); only while "
                + "the topic holds no policy.")
        boolean genesis;

        @Override
        public Integer call() {
            Settings s = deployment.settings();
            SigningDomain domain = deployment.domain(s);
            EpochSchedule schedule = DeploymentOptions.schedule(s);
            MessageSigner governance = governanceKey();
            String trusted = s.get(GOVERNANCE_ADDRESS, "").trim().toLowerCase(java.util.Locale.ROOT);
            if (!trusted.isEmpty() && !trusted.equals(governance.address())) {
                return refuse("the key's address " + governance.address() + " is not the trusted governance " + trusted
                        + " (setting " + GOVERNANCE_ADDRESS + "): services would refuse this policy (UNTRUSTED_GOVERNANCE). "
                        + "Use the governance key, or fix the setting.");
            }
            long now = Instant.now().toEpochMilli();
            ScoringPolicy policy = PolicyJson.withPublishedAt(readFile(file), now);
            long current = schedule.epochOf(now);
            long earliest = PublicationRule.earliestEffectiveEpoch(now, schedule);
            PolicyTopic topic;
            if (genesis) {
                if (policy.effectiveFromEpoch() != 0) {
                    return refuse("--genesis publishes the first policy of a deployment, which must have effectiveFromEpoch 0; "
                            + file + " has " + policy.effectiveFromEpoch() + ". Drop --genesis to publish it as an update.");
                }
                topic = new PolicyTopic(s);
                int present = topic.readAll().size();
                if (present > 0) {
                    return refuse(PolicyTopic.TOPIC + " already holds " + present + " policy record(s): a genesis policy can only "
                            + "be the first. Publish an update with effectiveFromEpoch >= " + earliest + " instead.");
                }
            } else {
                if (policy.effectiveFromEpoch() < earliest) {
                    return refuse("too late for effectiveFromEpoch " + policy.effectiveFromEpoch() + ": the current epoch is "
                            + current + " (started " + Instant.ofEpochMilli(schedule.startOf(current)) + "), so a policy "
                            + "published now can take effect at epoch " + earliest + " (" + Instant.ofEpochMilli(schedule.startOf(earliest))
                            + ") at the earliest. Set effectiveFromEpoch >= " + earliest + " in " + file + " and publish again"
                            + (policy.effectiveFromEpoch() == 0 ? " (or --genesis for a deployment's first policy)" : "") + ".");
                }
                topic = new PolicyTopic(s);
            }
            io.proofmesh.schemas.policy.ScoringPolicy signed = PolicySigning.sign(policy, governance, domain);
            try { // the same check every service makes, before anything is written
                new PolicyVerifier(domain.network(), domain.chainId(), governance.address(), schedule).verify(signed);
            } catch (RefusedPolicyException e) {
                return refuse("the signed policy does not verify: " + e.getMessage());
            }
            System.out.println("publishing " + policy.policyVersion() + " (effective from epoch " + policy.effectiveFromEpoch()
                    + (genesis ? ", genesis" : ", starts " + Instant.ofEpochMilli(schedule.startOf(policy.effectiveFromEpoch())))
                    + ") signed by " + governance.address() + " for " + domain.network() + "/" + domain.chainId());
            PolicyTopic.Published p = topic.publish(signed);
            System.out.println("published " + p.hash() + " to " + PolicyTopic.TOPIC + " partition " + p.partition() + " offset "
                    + p.offset() + " (publishedAt " + policy.publishedAtMillis() + ")");
            System.out.println("check it: proofmesh policy show --governance-address " + governance.address()
                    + " --epoch " + policy.effectiveFromEpoch());
            return 0;
        }

        private static int refuse(String message) {
            System.err.println("proofmesh policy publish: refused, nothing published: " + message);
            return EXIT_REFUSED;
        }

        /** The key from --key-file or the environment; the key itself never appears in a message. */
        private MessageSigner governanceKey() {
            String where;
            String hex;
            if (keyFile != null) {
                where = "the key file " + keyFile;
                try {
                    hex = Files.readString(keyFile, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new ConfigException("cannot read " + where + ": " + e.getMessage());
                }
            } else {
                where = "the environment variable " + GOVERNANCE_KEY_ENV;
                hex = System.getenv(GOVERNANCE_KEY_ENV);
                if (hex == null || hex.isBlank()) {
                    throw new ConfigException("no governance key: set " + GOVERNANCE_KEY_ENV + " or pass --key-file FILE");
                }
                hex = hex.trim();
            }
            try {
                if (new BigInteger(hex.replaceFirst("^0x", ""), 16).signum() == 0) {
                    throw new IllegalArgumentException("zero");
                }
                return MessageSigner.fromPrivateKeyHex(hex);
            } catch (RuntimeException e) { // the message never includes the key
                throw new ConfigException(where + " does not hold a private key (32 bytes of hex, with or without 0x)");
            }
        }
    }
}
