package io.proofmesh.app.policy;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.scoring.policy.PolicyJson;
import io.proofmesh.scoring.policy.ScoringPolicy;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * The governance key of {@code proofmesh dev} and {@code proofmesh demo}: anvil's public test
 * account #9. Everybody knows this key, so it is for local dev stacks only; a real deployment sets
 * {@code scoring.governance-address} to its own governance key (a multisig signer, an HSM key).
 */
public final class DevGovernance {

    /** anvil account #9: public knowledge, never trust it outside a dev network. */
    private static final String DEV_ONLY_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";

    public static final String ADDRESS = io.proofmesh.streams.service.StreamsSettings.DEVNET_GOVERNANCE;

    private DevGovernance() {
    }

    public static MessageSigner signer() {
        return MessageSigner.fromPrivateKeyHex(DEV_ONLY_KEY);
    }

    /**
     * Publishes the shipped default policy as the genesis policy (effectiveFromEpoch 0), signed by the
     * dev key, unless the topic already holds a policy (a kept dev stack keeps its first one).
     */
    public static void publishGenesisIfAbsent(Settings settings, PrintStream out) {
        publishGenesisIfAbsent(settings, out, PolicyJson.defaultPolicy());
    }

    /** The same with another genesis policy (the demo's short epochs want one-second slots). */
    public static void publishGenesisIfAbsent(Settings settings, PrintStream out, ScoringPolicy policy) {
        PolicyTopic topic = new PolicyTopic(settings);
        List<PolicyTopic.Entry> present = topic.readAll();
        if (!present.isEmpty()) {
            out.println("  scoring policy: " + present.size() + " already on " + PolicyTopic.TOPIC
                    + "; the genesis policy is not published again");
        } else {
            ScoringPolicy genesis = PolicyJson.withPublishedAt(policy, Instant.now().toEpochMilli());
            PolicyTopic.Published p = topic.publish(PolicySigning.sign(genesis, signer(), CommonSettings.signingDomain(settings)));
            out.println("  scoring policy: genesis " + genesis.policyVersion() + " " + p.hash() + " published to "
                    + PolicyTopic.TOPIC + " (offset " + p.offset() + ")");
        }
        out.println("  governance (dev-only key, anvil account #9): " + ADDRESS
                + " — services trust it with scoring.governance-address=" + ADDRESS);
    }
}
