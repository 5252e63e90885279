package io.proofmesh.ingest.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.schemas.telemetry.ProbeOutcome;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §9.4's outcome rules, one by one, on the frozen vector's challenge. */
class ProbeJudgeTest {

    private static final ProbeVectors V = ProbeVectors.load();
    private static final ProbeChallenge CHALLENGE = V.challenge.toChallenge();
    private static final String NODE = V.challenge.nodeId();
    private static final byte[] GOOD_SIG = ProbeVectors.hex(V.challenge.nodeSignature());
    private static final BigInteger N = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    private final ProbeJudge judge = new ProbeJudge(SignerRecoveries.best());

    private static ProbeExchange answered(int status, byte[] body) {
        return new ProbeExchange(1_000, 1_042, 41_873_456L, ProbeExchange.Transport.ANSWERED, status, body, "HTTP " + status);
    }

    private static ProbeExchange answer(byte[] signature) {
        return answered(200, ProbeChallenge.answerBody(signature));
    }

    @Test
    void aCorrectSignatureByTheNodesKeyIsOkWithTheRoundTripInMicroseconds() {
        ProbeVerdict v = judge.judge(CHALLENGE, answer(GOOD_SIG), NODE);
        assertThat(v.outcome()).isEqualTo(ProbeOutcome.OK);
        assertThat(v.rttMicros()).isEqualTo(41_873L);
        assertThat(v.nodeSignature()).isEqualTo(GOOD_SIG);
    }

    @Test
    void aSignatureByAnotherKeyIsBadSignatureAndKeepsTheBytesAsEvidence() {
        byte[] wrong = ProbeVectors.hex(V.challenge.wrongKeySignature());
        ProbeVerdict v = judge.judge(CHALLENGE, answer(wrong), NODE);
        assertThat(v.outcome()).isEqualTo(ProbeOutcome.BAD_SIGNATURE);
        assertThat(v.rttMicros()).isNull();
        assertThat(v.nodeSignature()).isEqualTo(wrong);
    }

    @Test
    void afterAKeyRotationOnlyTheCurrentKeyCounts() {
        MessageSigner rotated = MessageSigner.fromPrivateKeyHex(V.challenge.wrongKeyPrivateKey());
        byte[] byNewKey = rotated.signPersonal(CHALLENGE.signedMessage());
        assertThat(judge.judge(CHALLENGE, answer(byNewKey), rotated.address()).outcome()).isEqualTo(ProbeOutcome.OK);
        assertThat(judge.judge(CHALLENGE, answer(GOOD_SIG), rotated.address()).outcome()).isEqualTo(ProbeOutcome.BAD_SIGNATURE);
    }

    @Test
    void anAnswerToAnotherChallengeIsBadSignature() {
        byte[] otherNonce = CHALLENGE.nonce();
        otherNonce[0] ^= 1;
        ProbeChallenge other = new ProbeChallenge(CHALLENGE.network(), CHALLENGE.chainId(), CHALLENGE.proberId(), NODE, otherNonce);
        byte[] replayed = MessageSigner.fromPrivateKeyHex(V.challenge.nodePrivateKey()).signPersonal(other.signedMessage());
        assertThat(judge.judge(CHALLENGE, answer(replayed), NODE).outcome()).isEqualTo(ProbeOutcome.BAD_SIGNATURE);
        ProbeChallenge otherChain = new ProbeChallenge(CHALLENGE.network(), 1, CHALLENGE.proberId(), NODE, CHALLENGE.nonce());
        byte[] wrongDomain = MessageSigner.fromPrivateKeyHex(V.challenge.nodePrivateKey()).signPersonal(otherChain.signedMessage());
        assertThat(judge.judge(CHALLENGE, answer(wrongDomain), NODE).outcome()).isEqualTo(ProbeOutcome.BAD_SIGNATURE);
    }

    @Test
    void onlyTheCanonicalEncodingIsAcceptedEvenThoughTheOthersRecoverTheSameKey() {
        byte[] vZeroOne = GOOD_SIG.clone();
        vZeroOne[64] -= 27;
        ProbeVerdict v = judge.judge(CHALLENGE, answer(vZeroOne), NODE);
        assertThat(v.outcome()).isEqualTo(ProbeOutcome.BAD_SIGNATURE);
        assertThat(v.nodeSignature()).isEqualTo(vZeroOne);

        byte[] highS = GOOD_SIG.clone();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(GOOD_SIG, 32, 64));
        byte[] flipped = N.subtract(s).toByteArray();
        byte[] s32 = new byte[32];
        System.arraycopy(flipped, Math.max(0, flipped.length - 32), s32, Math.max(0, 32 - flipped.length),
                Math.min(32, flipped.length));
        System.arraycopy(s32, 0, highS, 32, 32);
        highS[64] = (byte) (GOOD_SIG[64] == 27 ? 28 : 27);
        assertThat(judge.judge(CHALLENGE, answer(highS), NODE).outcome()).isEqualTo(ProbeOutcome.BAD_SIGNATURE);

        byte[] v29 = GOOD_SIG.clone();
        v29[64] = 29;
        assertThat(judge.judge(CHALLENGE, answer(v29), NODE).outcome()).isEqualTo(ProbeOutcome.BAD_SIGNATURE);
    }

    @Test
    void anythingButA200WithTheAnswerFormIsBadResponse() {
        for (ProbeExchange x : new ProbeExchange[] {
            answered(500, null),
            answered(404, null),
            answered(200, "{\"signature\":\"0x1234\"}".getBytes(StandardCharsets.US_ASCII)),
            answered(200, "hello".getBytes(StandardCharsets.US_ASCII)),
            answered(200, ("{\"signature\":\"" + V.challenge.nodeSignature() + "\",\"x\":1}").getBytes(StandardCharsets.US_ASCII)),
            answered(200, new byte[0]),
            answered(200, null), // larger than the limit: not read
        }) {
            ProbeVerdict v = judge.judge(CHALLENGE, x, NODE);
            assertThat(v.outcome()).as(x.detail() + " " + (x.body() == null ? "null" : new String(x.body(), StandardCharsets.UTF_8)))
                    .isEqualTo(ProbeOutcome.BAD_RESPONSE);
            assertThat(v.rttMicros()).isNull();
            assertThat(v.nodeSignature()).isNull();
        }
    }

    @Test
    void noAnswerInTimeIsTimeoutAndNoConnectionIsConnectError() {
        ProbeVerdict timeout = judge.judge(CHALLENGE,
                new ProbeExchange(1_000, 3_000, 2_000_000_000L, ProbeExchange.Transport.TIMED_OUT, 0, null, "timeout"), NODE);
        assertThat(timeout.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
        assertThat(timeout.rttMicros()).isNull();
        assertThat(timeout.nodeSignature()).isNull();
        ProbeVerdict refused = judge.judge(CHALLENGE,
                new ProbeExchange(1_000, 1_001, 900_000L, ProbeExchange.Transport.CONNECT_FAILED, 0, null, "refused"), NODE);
        assertThat(refused.outcome()).isEqualTo(ProbeOutcome.CONNECT_ERROR);
        assertThat(refused.rttMicros()).isNull();
    }
}
