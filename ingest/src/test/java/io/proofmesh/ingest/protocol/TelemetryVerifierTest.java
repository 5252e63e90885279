package io.proofmesh.ingest.protocol;

import io.proofmesh.platform.crypto.Keccak256;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.protocol.SigningDomain;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import static io.proofmesh.ingest.protocol.Bodies.HEARTBEAT;
import static io.proofmesh.ingest.protocol.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TelemetryVerifierTest {

    private static final MessageSigner NODE_KEY =
            MessageSigner.fromPrivateKeyHex("0000000000000000000000000000000000000000000000000000000000000001");
    private static final MessageSigner OTHER_KEY =
            MessageSigner.fromPrivateKeyHex("0000000000000000000000000000000000000000000000000000000000000002");
    private static final long NOW = 1767225600000L;
    private static final SigningDomain DOMAIN = new SigningDomain(Bodies.NETWORK, Bodies.CHAIN_ID);

    private static TelemetryVerifier verifier(Duration skew, long nowMillis) {
        return new TelemetryVerifier(DOMAIN, skew, Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC),
                SignerRecoveries.best(), new TelemetryRequestParser(ProtocolLimits.defaults()));
    }

    private static TelemetryVerifier verifier() {
        return verifier(TelemetryVerifier.DEFAULT_MAX_CLOCK_SKEW, NOW);
    }

    private static String sign(MessageSigner key, byte[] body) {
        return SignatureHeader.format(key.signPersonal(body));
    }

    private static Rejection rejection(Executable call) {
        RejectedRequestException e = catchThrowableOfType(RejectedRequestException.class, call::execute);
        assertThat(e).as("must be rejected").isNotNull();
        return e.rejection();
    }

    private static byte[] bodySentAt(long sentAt) {
        return utf8(Bodies.withSentAt(sentAt, HEARTBEAT));
    }

    @Test
    void acceptsAValidRequestAndReportsWhatItChecked() throws Exception {
        byte[] body = bodySentAt(NOW - 1500);
        String sig = sign(NODE_KEY, body);
        VerifiedRequest v = verifier().verify(body, sig);
        assertThat(v.signer()).isEqualTo(NODE_KEY.address());
        assertThat(v.request().nodeId()).isEqualTo(Bodies.NODE);
        assertThat(v.body()).isEqualTo(body);
        assertThat(v.bodyDigest()).isEqualTo(Keccak256.hash(body));
        assertThat(SignatureHeader.format(v.signature())).isEqualTo(sig);
        assertThat(v.receivedAt()).isEqualTo(Instant.ofEpochMilli(NOW));
    }

    @Test
    void signatureByAnotherKeyRecoversThatKey() throws Exception {
        byte[] body = bodySentAt(NOW);
        VerifiedRequest v = verifier().verify(body, sign(OTHER_KEY, body));
        // Stateless checks pass; the node directory turns this into SIGNER_MISMATCH.
        assertThat(v.signer()).isEqualTo(OTHER_KEY.address()).isNotEqualTo(v.request().nodeId());
        NodeAuthorizer authorizer = new NodeAuthorizer(id -> java.util.Optional.of(
                new NodeDirectory.Entry(NODE_KEY.address(), io.proofmesh.schemas.registry.NodeStatus.ACTIVE)));
        assertThat(rejection(() -> authorizer.authorize(v)).code()).isEqualTo(ReasonCode.SIGNER_MISMATCH);
    }

    @Test
    void tamperedBodyRecoversSomeoneElse() throws Exception {
        byte[] body = bodySentAt(NOW);
        String sig = sign(NODE_KEY, body);
        byte[] tampered = utf8(new String(body, java.nio.charset.StandardCharsets.UTF_8).replace("250000", "250001"));
        assertThat(verifier().verify(tampered, sig).signer()).isNotEqualTo(NODE_KEY.address());
    }

    @Test
    void refusesAnotherNetwork() {
        byte[] body = utf8(Bodies.replace(Bodies.body(HEARTBEAT), "proofmesh-devnet", "proofmesh-mainnet"));
        Rejection r = rejection(() -> verifier().verify(body, sign(NODE_KEY, body)));
        assertThat(r.code()).isEqualTo(ReasonCode.WRONG_DOMAIN);
        assertThat(r.field()).isEqualTo("/network");
        assertThat(r.httpStatus()).isEqualTo(401);
    }

    @Test
    void refusesAnotherChainId() {
        byte[] body = utf8(Bodies.replace(Bodies.body(HEARTBEAT), "\"chainId\":31337", "\"chainId\":1"));
        Rejection r = rejection(() -> verifier().verify(body, sign(NODE_KEY, body)));
        assertThat(r.code()).isEqualTo(ReasonCode.WRONG_DOMAIN);
        assertThat(r.field()).isEqualTo("/chainId");
    }

    @Test
    void skewBoundIsInclusiveInBothDirections() throws Exception {
        long skew = TelemetryVerifier.DEFAULT_MAX_CLOCK_SKEW.toMillis();
        for (long sentAt : new long[] {NOW - skew, NOW + skew}) {
            byte[] body = bodySentAt(sentAt);
            assertThat(verifier().verify(body, sign(NODE_KEY, body)).request().sentAtMillis()).isEqualTo(sentAt);
        }
        for (long sentAt : new long[] {NOW - skew - 1, NOW + skew + 1}) {
            byte[] body = bodySentAt(sentAt);
            Rejection r = rejection(() -> verifier().verify(body, sign(NODE_KEY, body)));
            assertThat(r.code()).isEqualTo(ReasonCode.CLOCK_SKEW);
            assertThat(r.field()).isEqualTo("/sentAt");
            assertThat(r.message()).contains(sentAt > NOW ? "ahead" : "behind");
        }
    }

    @Test
    void skewIsConfigurable() throws Exception {
        TelemetryVerifier strict = verifier(Duration.ofSeconds(1), NOW);
        byte[] inside = bodySentAt(NOW - 1000);
        byte[] outside = bodySentAt(NOW - 1001);
        assertThat(strict.verify(inside, sign(NODE_KEY, inside))).isNotNull();
        assertThat(rejection(() -> strict.verify(outside, sign(NODE_KEY, outside))).code())
                .isEqualTo(ReasonCode.CLOCK_SKEW);
    }

    @Test
    void receivedAtIsTruncatedToMillisBeforeTheSkewCheck() throws Exception {
        byte[] body = bodySentAt(NOW + 300_000);
        Instant receivedAt = Instant.ofEpochMilli(NOW).plusNanos(999_999);
        VerifiedRequest v = verifier().verify(body, sign(NODE_KEY, body), receivedAt);
        assertThat(v.receivedAt()).isEqualTo(Instant.ofEpochMilli(NOW));
    }

    @Test
    void missingSignatureHeader() {
        byte[] body = bodySentAt(NOW);
        assertThat(rejection(() -> verifier().verify(body, null)).code()).isEqualTo(ReasonCode.MISSING_SIGNATURE);
        assertThat(rejection(() -> verifier().verify(body, "  ")).code()).isEqualTo(ReasonCode.MISSING_SIGNATURE);
    }

    @Test
    void malformedSignatureHeaders() {
        byte[] body = bodySentAt(NOW);
        byte[] good = NODE_KEY.signPersonal(body);
        String hex = SignatureHeader.format(good);
        byte[] highS = good.clone();
        BigInteger n = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
        byte[] s = n.subtract(new BigInteger(1, Arrays.copyOfRange(good, 32, 64))).toByteArray();
        Arrays.fill(highS, 32, 64, (byte) 0);
        System.arraycopy(s, Math.max(0, s.length - 32), highS, 64 - Math.min(32, s.length), Math.min(32, s.length));
        highS[64] = (byte) (good[64] == 27 ? 28 : 27);
        byte[] v29 = good.clone();
        v29[64] = 29;
        byte[] v0 = good.clone();
        v0[64] = (byte) (good[64] - 27);
        byte[] zeroR = good.clone();
        Arrays.fill(zeroR, 0, 32, (byte) 0);
        for (String header : new String[] {hex.substring(2), hex.substring(0, 130), hex + "00", hex.replace('a', 'g'),
                "0x" + "zz".repeat(65), SignatureHeader.format(highS), SignatureHeader.format(v29),
                SignatureHeader.format(v0), SignatureHeader.format(zeroR)}) {
            Rejection r = rejection(() -> verifier().verify(body, header));
            assertThat(r.code()).as(header).isEqualTo(ReasonCode.MALFORMED_SIGNATURE);
            assertThat(r.httpStatus()).isEqualTo(401);
        }
    }

    @Test
    void upperCaseHexAndSurroundingSpacesAreTheSameSignature() throws Exception {
        byte[] body = bodySentAt(NOW);
        String sig = sign(NODE_KEY, body);
        assertThat(verifier().verify(body, " 0x" + sig.substring(2).toUpperCase() + " ").signer())
                .isEqualTo(NODE_KEY.address());
    }

    @Test
    void checksRunInProtocolOrder() {
        byte[] wrongDomainAndStale = utf8(Bodies.replace(Bodies.withSentAt(1, HEARTBEAT), "proofmesh-devnet", "other"));
        assertThat(rejection(() -> verifier().verify(wrongDomainAndStale, null)).code())
                .as("domain before skew before signature").isEqualTo(ReasonCode.WRONG_DOMAIN);
        byte[] stale = bodySentAt(1);
        assertThat(rejection(() -> verifier().verify(stale, "garbage")).code())
                .as("skew before signature").isEqualTo(ReasonCode.CLOCK_SKEW);
        byte[] malformedAndOtherDomain = utf8("{\"v\":1,\"network\":\"other\",\"extra\":1}");
        assertThat(rejection(() -> verifier().verify(malformedAndOtherDomain, null)).code())
                .as("body checks before domain").isEqualTo(ReasonCode.UNKNOWN_FIELD);
    }

    @Test
    void contentTypeCheck() throws Exception {
        for (String ok : new String[] {"application/json", "Application/JSON", "application/json; charset=utf-8",
                "application/json;charset=UTF-8", "application/json; charset=\"utf-8\""}) {
            TelemetryContentType.check(ok);
        }
        for (String bad : new String[] {null, "", "text/plain", "application/json; charset=latin1",
                "application/jsonx", "application/x-www-form-urlencoded", "application/json; charset=utf-8; x=y"}) {
            assertThat(rejection(() -> TelemetryContentType.check(bad)).code()).as(String.valueOf(bad))
                    .isEqualTo(ReasonCode.UNSUPPORTED_MEDIA_TYPE);
        }
    }
}
