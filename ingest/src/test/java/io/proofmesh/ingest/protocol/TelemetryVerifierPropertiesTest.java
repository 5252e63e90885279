package io.proofmesh.ingest.protocol;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.schemas.registry.NodeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md as a property: a valid body changed by one random mutation and signed by a
 * registered key is accepted by the stateless checks and the node check iff the protocol says it
 * is valid, and otherwise refused with exactly the code and field the protocol names.
 */
class TelemetryVerifierPropertiesTest {

    private static final MessageSigner NODE = MessageSigner.fromPrivateKeyHex("0x" + "0".repeat(63) + "1");
    private static final MessageSigner OTHER = MessageSigner.fromPrivateKeyHex("0x" + "0".repeat(63) + "2");
    private static final long NOW = 1_767_225_600_000L;

    private final TelemetryVerifier verifier = new TelemetryVerifier(
            new SigningDomain(BodyMutations.NETWORK, BodyMutations.CHAIN_ID), Duration.ofMillis(BodyMutations.MAX_SKEW_MILLIS),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), SignerRecoveries.best(),
            new TelemetryRequestParser(ProtocolLimits.defaults()));
    private final Map<String, NodeDirectory.Entry> registered = Map.of(
            NODE.address(), new NodeDirectory.Entry(NODE.address(), NodeStatus.ACTIVE),
            OTHER.address(), new NodeDirectory.Entry(OTHER.address(), NodeStatus.ACTIVE));
    private final NodeAuthorizer authorizer = new NodeAuthorizer(id -> Optional.ofNullable(registered.get(id)));

    @Provide
    Arbitrary<BodyMutations.Case> cases() {
        return Arbitraries.randomValue(BodyMutations::generate);
    }

    @Property(tries = 2000)
    void acceptedIffValidPerProtocol(@ForAll("cases") BodyMutations.Case c) {
        byte[] body = c.render(NODE.address(), 7, NOW);
        MessageSigner key = c.signWithOtherKey() ? OTHER : NODE;
        BodyMutations.Expectation actual;
        try {
            VerifiedRequest v = verifier.verify(body, SignatureHeader.format(key.signPersonal(body)));
            authorizer.authorize(v);
            actual = BodyMutations.Expectation.ACCEPTED;
        } catch (RejectedRequestException e) {
            actual = new BodyMutations.Expectation(e.code(), e.rejection().field());
        }
        assertThat(actual).as("%s\nbody: %s", c, new String(body, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(c.expected());
    }
}
