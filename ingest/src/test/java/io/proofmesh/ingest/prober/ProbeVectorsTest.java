package io.proofmesh.ingest.prober;

import static io.proofmesh.ingest.prober.ProbeVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.config.EpochSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.Eip191;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.crypto.SignerRecovery;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.platform.protocol.ProbeResultMessage;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import io.proofmesh.scoring.epoch.EpochSchedule;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §9's frozen vectors against the Java implementation (both signer recoveries). */
class ProbeVectorsTest {

    private static final ProbeVectors V = ProbeVectors.load();
    private static final List<SignerRecovery> RECOVERIES = List.of(SignerRecoveries.best(), SignerRecoveries.pureJava());

    @Test
    void theChallengeBodyIsExactAndRoundTrips() {
        ProbeVectors.Challenge c = V.challenge;
        ProbeChallenge challenge = c.toChallenge();
        assertThat(new String(challenge.toRequestBody(), StandardCharsets.UTF_8)).isEqualTo(c.requestBody());
        ProbeChallenge parsed = ProbeChallenge.parse(c.requestBody().getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isEqualTo(challenge);
        assertThat(parsed.nonce()).isEqualTo(c.nonce());
        assertThat(parsed.toRequestBody()).isEqualTo(challenge.toRequestBody());
    }

    @Test
    void theNodeSignsTheFrozenTextToTheFrozenSignature() {
        ProbeVectors.Challenge c = V.challenge;
        byte[] message = c.toChallenge().signedMessage();
        assertThat(new String(message, StandardCharsets.US_ASCII)).isEqualTo(c.signedMessage());
        assertThat(message).isEqualTo(c.signedMessageBytes()).hasSize(c.signedMessageLength());
        assertThat(hex(Eip191.hash(message))).isEqualTo(c.eip191Hash());
        MessageSigner node = MessageSigner.fromPrivateKeyHex(c.nodePrivateKey());
        assertThat(node.address()).isEqualTo(c.nodeId());
        assertThat(hex(node.signPersonal(message))).isEqualTo(c.nodeSignature());
        for (SignerRecovery r : RECOVERIES) {
            assertThat(r.recoverPersonalSigner(message, ProbeVectors.hex(c.nodeSignature()))).as(r.implementation())
                    .isEqualTo(c.nodeId());
            assertThat(r.recoverPersonalSigner(message, ProbeVectors.hex(c.wrongKeySignature()))).as(r.implementation())
                    .isEqualTo(MessageSigner.fromPrivateKeyHex(c.wrongKeyPrivateKey()).address()).isNotEqualTo(c.nodeId());
        }
    }

    @Test
    void theAnswerBodyCarriesTheSignature() {
        ProbeVectors.Challenge c = V.challenge;
        byte[] sig = ProbeVectors.hex(c.nodeSignature());
        assertThat(new String(ProbeChallenge.answerBody(sig), StandardCharsets.US_ASCII)).isEqualTo(c.answerBody());
        assertThat(ProbeChallenge.parseAnswer(c.answerBody().getBytes(StandardCharsets.US_ASCII))).isEqualTo(sig);
    }

    @Test
    void aChallengeWithAnyDeviationIsRefused() {
        String good = V.challenge.requestBody();
        for (String bad : List.of(
                good.replace("{\"v\":1,", "{\"v\":2,"),
                good.replace("}", ",\"extra\":1}"),
                good.replace("\"chainId\":31337", "\"chainId\":\"31337\""),
                good.replace("0x0102", "0x01"),
                good.replace("0x0102", "0X0102"),
                good.replace("0x7e5f", "0x7E5F"),
                good.replace("prober-eu-1", "Prober"),
                "[]", "not json")) {
            assertThatThrownBy(() -> ProbeChallenge.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(ProbeChallenge.InvalidChallengeException.class);
        }
    }

    @Test
    void theProberSignsEachResultTextToTheFrozenSignature() {
        for (ProbeVectors.Result r : V.results) {
            ProbeResultMessage m = message(r);
            assertThat(new String(m.signedMessage(), StandardCharsets.US_ASCII)).as(r.name()).isEqualTo(r.signedMessage());
            assertThat(m.signedMessage()).as(r.name()).isEqualTo(r.signedMessageBytes());
            MessageSigner prober = MessageSigner.fromPrivateKeyHex(r.proberPrivateKey());
            assertThat(prober.address()).isEqualTo(r.proberAddress());
            assertThat(hex(prober.signPersonal(m.signedMessage()))).as(r.name()).isEqualTo(r.proberSignature());
            for (SignerRecovery rec : RECOVERIES) {
                assertThat(rec.recoverPersonalSigner(r.signedMessageBytes(), ProbeVectors.hex(r.proberSignature())))
                        .isEqualTo(r.proberAddress());
            }
        }
    }

    @Test
    void aStoredRecordRebuildsTheSameTextSoAnyoneCanReVerifyIt() {
        for (ProbeVectors.Result r : V.results) {
            LatencyProbe record = LatencyProbe.newBuilder().setNodeId(V.challenge.nodeId()).setProberId(V.challenge.proberId())
                    .setNonce(ByteBuffer.wrap(V.challenge.nonce())).setSentAt(Instant.ofEpochMilli(r.sentAt()))
                    .setCompletedAt(Instant.ofEpochMilli(r.completedAt())).setRttMicros(r.rttMicros())
                    .setOutcome(ProbeOutcome.valueOf(r.outcome()))
                    .setNodeSignature(r.nodeSignature() == null ? null : ByteBuffer.wrap(ProbeVectors.hex(r.nodeSignature())))
                    .setProberAddress(r.proberAddress()).setProberSignature(ByteBuffer.wrap(ProbeVectors.hex(r.proberSignature())))
                    .setEpoch(r.epoch()).build();
            assertThat(ProbeResultMessage.of(record, V.challenge.network(), V.challenge.chainId()).signedMessage())
                    .as(r.name()).isEqualTo(r.signedMessageBytes());
        }
    }

    @Test
    void theVectorEpochIsTheDefaultScheduleEpochOfSentAt() {
        EpochSettings defaults = EpochSettings.from(Settings.of(Map.of()));
        assertThat(defaults.genesisMillis()).isEqualTo(EpochSchedule.DEFAULT_GENESIS_MILLIS);
        assertThat(new EpochSchedule(defaults.genesisMillis(), defaults.lengthMillis(), defaults.graceMillis()))
                .isEqualTo(EpochSchedule.defaults()).isEqualTo(V.schedule);
        for (ProbeVectors.Result r : V.results) {
            assertThat(V.schedule.epochOf(r.sentAt())).isEqualTo(r.epoch());
        }
    }

    @Test
    void aResultValueCannotSmuggleALineBreak() {
        assertThatThrownBy(() -> new ProbeResultMessage("proofmesh-devnet\nepoch:9", 1, "p", V.challenge.nodeId(),
                V.challenge.nonce(), 0, 0, null, "OK", null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeResultMessage("proofmesh-devnet", 1, "p", V.challenge.nodeId(),
                V.challenge.nonce(), 0, 0, null, "OK\nepoch:9", null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ProbeResultMessage message(ProbeVectors.Result r) {
        return new ProbeResultMessage(V.challenge.network(), V.challenge.chainId(), V.challenge.proberId(), V.challenge.nodeId(),
                V.challenge.nonce(), r.sentAt(), r.completedAt(), r.rttMicros(), r.outcome(),
                r.nodeSignature() == null ? null : ProbeVectors.hex(r.nodeSignature()), r.epoch());
    }
}
