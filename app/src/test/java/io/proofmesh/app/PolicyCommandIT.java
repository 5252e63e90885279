package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.app.policy.DevGovernance;
import io.proofmesh.app.policy.PolicyTopic;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.testing.Cast;
import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.PolicyCodec;
import io.proofmesh.scoring.policy.PolicyHash;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proofmesh policy publish|show} against the DevStack's broker and registry, and cast as the independent checker. */
@DevStackTest
class PolicyCommandIT {

    private static final String DEV_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
    private static final String GOV = DevGovernance.ADDRESS;
    private static final Pattern PUBLISHED = Pattern.compile("published (0x[0-9a-f]{64}) to config\\.scoring-policy partition 0 offset (\\d+)");

    @Test
    void publishesGenesisAndAnUpdateThenShowsWhichIsInForce(DevStack stack, @TempDir Path dir) throws Exception {
        String[] conn = {"--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl()};
        CliOutput created = CliOutput.run(cat(new String[] {"topics", "--create"}, conn));
        assertThat(created.exitCode()).as(created.err()).isZero();
        Path key = Files.writeString(dir.resolve("governance.key"), DEV_KEY + "\n");
        Path other = Files.writeString(dir.resolve("other.key"), "0x" + "0".repeat(63) + "7\n");

        // the first policy of a deployment: --genesis, only while the topic is empty
        Path genesisFile = Files.writeString(dir.resolve("genesis.json"), PolicyJson.write(PolicyJson.defaultPolicy()));
        CliOutput genesis = CliOutput.run(cat(new String[] {"policy", "publish", "--file", genesisFile.toString(), "--genesis",
            "--key-file", key.toString()}, conn));
        assertThat(genesis.exitCode()).as(genesis.err() + genesis.out()).isZero();
        String genesisHash = published(genesis.out());
        CliOutput again = CliOutput.run(cat(new String[] {"policy", "publish", "--file", genesisFile.toString(), "--genesis",
            "--key-file", key.toString()}, conn));
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already holds 1 policy record(s): a genesis policy can only be the first");

        // an update at least two epochs ahead is published; one epoch ahead is too late (exit 2, nothing written)
        long current = EpochSchedule.defaults().epochOf(System.currentTimeMillis());
        Path update = Files.writeString(dir.resolve("update.json"), PolicyJson.write(withEpoch("2026.2-it", current + 3)));
        CliOutput updated = CliOutput.run(cat(new String[] {"policy", "publish", "--file", update.toString(),
            "--key-file", key.toString()}, conn));
        assertThat(updated.exitCode()).as(updated.err() + updated.out()).isZero();
        String updateHash = published(updated.out());

        Path late = Files.writeString(dir.resolve("late.json"), PolicyJson.write(withEpoch("2026.2-late", current + 1)));
        CliOutput tooLate = CliOutput.run(cat(new String[] {"policy", "publish", "--file", late.toString(),
            "--key-file", key.toString()}, conn));
        assertThat(tooLate.exitCode()).isEqualTo(2);
        assertThat(tooLate.err()).contains("refused, nothing published: too late for effectiveFromEpoch " + (current + 1))
                .contains("the current epoch is " + current).contains("Set effectiveFromEpoch >= " + (current + 2));

        // a key other than the configured governance is refused before anything is written
        CliOutput untrusted = CliOutput.run(cat(new String[] {"policy", "publish", "--file", update.toString(),
            "--key-file", other.toString(), "--set", "scoring.governance-address=" + GOV}, conn));
        assertThat(untrusted.exitCode()).isEqualTo(2);
        assertThat(untrusted.err()).contains("is not the trusted governance " + GOV);

        for (CliOutput o : List.of(genesis, again, updated, tooLate, untrusted)) {
            assertThat(o.out() + o.err()).as("the key is never printed").doesNotContain(DEV_KEY.substring(2));
        }

        // exactly two records, each keyed by its hash; cast verifies the stored signature
        List<PolicyTopic.Entry> stored = new PolicyTopic(FastTestProfile.settings(stack)).readAll();
        assertThat(stored).extracting(PolicyTopic.Entry::key).containsExactly(genesisHash, updateHash);
        for (PolicyTopic.Entry e : stored) {
            byte[] hash = PolicyHash.of(PolicyCodec.toDomain(e.value()));
            assertThat(PolicyHash.hex(hash)).isEqualTo(e.key());
            String digest = hex(PolicyHash.signingDigest(hash, "proofmesh-devnet", 31337));
            Cast.Result verified = Cast.run("wallet", "verify", "--address", GOV, digest, hex(PolicyCodec.signature(e.value())));
            assertThat(verified.exit()).as(verified.out()).isZero();
        }

        CliOutput shown = CliOutput.run(cat(new String[] {"policy", "show", "--governance-address", GOV,
            "--epoch", Long.toString(current + 3)}, conn));
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("2 record(s) on config.scoring-policy")
                .containsPattern(Pattern.quote(genesisHash) + "\\s+2026\\.1-default\\s+0\\s+\\S+\\s+" + GOV + "\\s+valid")
                .containsPattern(Pattern.quote(updateHash) + "\\s+2026\\.2-it\\s+" + (current + 3) + "\\s+\\S+\\s+" + GOV + "\\s+valid")
                .contains("in force for current epoch " + current + ": " + genesisHash + " 2026.1-default (from epoch 0)")
                .contains("in force for epoch " + (current + 3) + ": " + updateHash + " 2026.2-it");

        CliOutput otherTrust = CliOutput.run(cat(new String[] {"policy", "show", "--governance-address",
            "0x" + "1".repeat(40)}, conn));
        assertThat(otherTrust.exitCode()).as(otherTrust.err()).isZero();
        assertThat(otherTrust.out()).contains("UNTRUSTED_GOVERNANCE").doesNotContainPattern("(?m)\\s+valid$")
                .contains("in force for current epoch " + current + ": none");
    }

    @Test
    void castReproducesTheHashOfTheDefaultPolicyAndAcceptsTheDevGovernanceSignature(@TempDir Path dir) throws Exception {
        ScoringPolicy p = PolicyJson.defaultPolicy();
        Cast.Result encoded = Cast.run("abi-encode", "f" + PolicyHash.CONTENT_TYPES, p.policyVersion(),
                Long.toString(p.effectiveFromEpoch()), Integer.toString(p.heartbeatIntervalSeconds()),
                "[(50000,1000000),(100000,800000),(250000,500000),(1000000,200000)]", Integer.toString(p.minUptimePpm()),
                Integer.toString(p.availabilityWeightPpm()), Integer.toString(p.workWeightPpm()),
                Long.toString(p.reputationPriorAlphaPpm()), Long.toString(p.reputationPriorBetaPpm()),
                Integer.toString(p.reputationDecayPpm()), p.emissionPerEpoch().toString(), Long.toString(p.publishedAtMillis()));
        assertThat(encoded.exit()).as(encoded.out()).isZero();
        assertThat(encoded.out()).isEqualTo(hex(PolicyHash.contentEncoding(p)));
        byte[] hash = PolicyHash.of(p);
        assertThat(Cast.run("keccak", encoded.out()).out()).isEqualTo(PolicyHash.hex(hash));

        Cast.Result signed = Cast.run("abi-encode", "f" + PolicyHash.SIGNING_TYPES, PolicyHash.SIGNING_TAG, "proofmesh-devnet",
                "31337", PolicyHash.hex(hash));
        String digest = hex(PolicyHash.signingDigest(hash, "proofmesh-devnet", 31337));
        assertThat(Cast.run("keccak", signed.out()).out()).isEqualTo(digest);

        var record = io.proofmesh.app.policy.PolicySigning.sign(p, DevGovernance.signer(),
                io.proofmesh.platform.protocol.SigningDomain.DEVNET);
        String sig = hex(PolicyCodec.signature(record));
        Cast.Result ok = Cast.run("wallet", "verify", "--address", GOV, digest, sig);
        assertThat(ok.exit()).as(ok.out()).isZero();
        Cast.Result otherAddress = Cast.run("wallet", "verify", "--address", "0x" + "1".repeat(40), digest, sig);
        assertThat(otherAddress.exit()).isNotZero();
        Cast.Result otherNetwork = Cast.run("wallet", "verify", "--address", GOV,
                hex(PolicyHash.signingDigest(hash, "proofmesh-testnet", 31337)), sig);
        assertThat(otherNetwork.exit()).isNotZero();
        // and cast's own signature with the dev key is the same bytes (deterministic RFC 6979)
        assertThat(Cast.run("wallet", "sign", "--private-key", DEV_KEY, digest).out()).isEqualTo(sig);
        assertThat(Cast.run("wallet", "address", "--private-key", DEV_KEY).out().toLowerCase()).isEqualTo(GOV);
    }

    private static ScoringPolicy withEpoch(String version, long epoch) {
        ScoringPolicy d = PolicyJson.defaultPolicy();
        return new ScoringPolicy(version, epoch, d.heartbeatIntervalSeconds(), d.latencyTiers(), d.minUptimePpm(),
                d.availabilityWeightPpm(), d.workWeightPpm(), d.reputationPriorAlphaPpm(), d.reputationPriorBetaPpm(),
                d.reputationDecayPpm(), d.emissionPerEpoch(), 0);
    }

    private static String published(String out) {
        Matcher m = PUBLISHED.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    private static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    private static String[] cat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
