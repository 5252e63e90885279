package io.proofmesh.ingest.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.proofmesh.platform.crypto.Eip191;
import io.proofmesh.platform.crypto.Keccak256;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PROTOCOL.md's test vectors against this implementation. The expected values are frozen in
 * the JSON file (generated once, cross-checked with Foundry's cast): nothing here is compared
 * with a value this code computed in the same run.
 */
class ProtocolVectorsTest {

    private static final ProtocolVectors VECTORS = ProtocolVectors.load();

    static Stream<ProtocolVectors.Positive> positives() {
        return VECTORS.positives.stream();
    }

    static Stream<ProtocolVectors.Negative> negatives() {
        return VECTORS.negatives.stream();
    }

    @Test
    void theVectorFileCoversWhatPROTOCOLmdPromises() {
        assertThat(VECTORS.positives).hasSizeGreaterThanOrEqualTo(5);
        assertThat(VECTORS.negatives).extracting(ProtocolVectors.Negative::expectedCode)
                .contains("SIGNER_MISMATCH", "WRONG_DOMAIN", "MALFORMED_SIGNATURE", "MISSING_SIGNATURE", "CLOCK_SKEW",
                        "UNKNOWN_NODE", "NODE_SUSPENDED", "INVALID_UTF8", "DUPLICATE_FIELD");
        assertThat(VECTORS.receipts).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positives")
    void positiveVectorBytesAndHashesAreAsFrozen(ProtocolVectors.Positive v) {
        byte[] body = v.body().getBytes(StandardCharsets.UTF_8);
        assertThat(body).as("body string and bodyHex agree").isEqualTo(v.bodyBytes());
        assertThat(body.length).isEqualTo(v.bodyLength());
        assertThat(ProtocolVectors.hex(Eip191.hash(body))).isEqualTo(v.eip191Hash());
        assertThat(ProtocolVectors.hex(Keccak256.hash(body))).isEqualTo(v.bodyDigest());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positives")
    void signingTheBodyReproducesTheFrozenSignature(ProtocolVectors.Positive v) {
        MessageSigner key = MessageSigner.fromPrivateKeyHex(v.privateKey());
        assertThat(key.address()).isEqualTo(v.signer());
        assertThat(ProtocolVectors.hex(key.signPersonal(v.bodyBytes()))).as("RFC 6979: deterministic")
                .isEqualTo(v.signature());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positives")
    void bothRecoveriesGetTheFrozenSigner(ProtocolVectors.Positive v) {
        byte[] sig = ProtocolVectors.hex(v.signature());
        assertThat(SignerRecoveries.best().recoverPersonalSigner(v.bodyBytes(), sig)).isEqualTo(v.signer());
        assertThat(SignerRecoveries.pureJava().recoverPersonalSigner(v.bodyBytes(), sig)).isEqualTo(v.signer());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positives")
    void positiveVectorIsAccepted(ProtocolVectors.Positive v) throws Exception {
        VerifiedRequest accepted = VECTORS.accept(v.bodyBytes(), v.signature(), v.receivedAt());
        assertThat(accepted.signer()).isEqualTo(v.signer());
        assertThat(accepted.bodyDigestHex()).isEqualTo(v.bodyDigest());
        assertThat(accepted.receivedAt()).isEqualTo(Instant.ofEpochMilli(v.receivedAt()));
        assertThat(accepted.request().network()).isEqualTo(VECTORS.domain.network());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("negatives")
    void negativeVectorIsRejectedWithItsCode(ProtocolVectors.Negative v) {
        RejectedRequestException e = catchThrowableOfType(RejectedRequestException.class,
                () -> VECTORS.accept(v.bodyBytes(), v.signature(), v.receivedAt()));
        assertThat(e).as(v.name() + " must be rejected").isNotNull();
        assertThat(e.code().name()).as(e.getMessage()).isEqualTo(v.expectedCode());
        assertThat(e.rejection().field()).isEqualTo(v.expectedField());
    }

    @Test
    void rotatedKeyVectorIsSignedByTheNewKeyNotTheNodeId() throws Exception {
        ProtocolVectors.Positive v = VECTORS.positive("rotated-key-utf8");
        VerifiedRequest accepted = VECTORS.accept(v.bodyBytes(), v.signature(), v.receivedAt());
        assertThat(accepted.signer()).isNotEqualTo(accepted.request().nodeId());
        assertThat(v.bodyLength()).as("bytes, not characters").isGreaterThan(v.body().length());
    }

    @Test
    void receiptVectorIsReproducedByteForByte() throws Exception {
        ProtocolVectors.ReceiptVector r = VECTORS.receipts.get(0);
        ProtocolVectors.Positive request = VECTORS.positive(r.request());
        VerifiedRequest accepted = VECTORS.accept(request.bodyBytes(), request.signature(), request.receivedAt());
        MessageSigner ingestKey = MessageSigner.fromPrivateKeyHex(r.privateKey());
        assertThat(ingestKey.address()).isEqualTo(r.ingestAddress());

        Receipt receipt = Receipt.of(VECTORS.domain, r.ingestId(), ingestKey.address(), accepted, List.of(
                new Receipt.EventPosition(0, "telemetry.heartbeats", 5, 1041),
                new Receipt.EventPosition(1, "telemetry.capacity", 5, 87),
                new Receipt.EventPosition(2, "jobs.results", 5, 311)));
        SignedReceipt signed = new ReceiptWriter(ingestKey).sign(receipt);

        assertThat(new String(signed.body(), StandardCharsets.UTF_8)).isEqualTo(r.body());
        assertThat(signed.body()).isEqualTo(r.bodyBytes());
        assertThat(signed.signatureHeader()).isEqualTo(r.signature());
        // The same bytes from both signing implementations (native libsecp256k1 where it loads, and web3j).
        assertThat(new ReceiptWriter(ingestKey.pureJava()).sign(receipt).signatureHeader()).isEqualTo(r.signature());
        assertThat(SignerRecoveries.pureJava().recoverPersonalSigner(r.bodyBytes(), ProtocolVectors.hex(r.signature())))
                .isEqualTo(r.ingestAddress());
    }
}
