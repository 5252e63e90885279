package io.proofmesh.ingest.protocol;

import io.proofmesh.platform.crypto.Eip191;
import io.proofmesh.platform.crypto.InvalidSignatureException;
import io.proofmesh.platform.crypto.Keccak256;
import io.proofmesh.platform.crypto.RecoverableSignature;
import io.proofmesh.platform.crypto.SignerRecovery;
import io.proofmesh.platform.protocol.SigningDomain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The stateless checks of a telemetry request, in protocol order: parse (size, UTF-8, syntax,
 * structure, semantics) → signing domain → clock skew → signature header → signer recovery.
 * What needs state — node directory, per-node rate limit, replay cache — comes after, in the
 * caller. Thread-safe.
 */
public final class TelemetryVerifier {

    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final SigningDomain domain;
    private final long maxSkewMillis;
    private final Clock clock;
    private final SignerRecovery recovery;
    private final TelemetryRequestParser parser;

    public TelemetryVerifier(SigningDomain domain, Duration maxClockSkew, Clock clock, SignerRecovery recovery,
            TelemetryRequestParser parser) {
        this.domain = Objects.requireNonNull(domain, "domain");
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must not be negative");
        }
        this.maxSkewMillis = maxClockSkew.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    public SigningDomain domain() {
        return domain;
    }

    /** The largest body accepted (checked against Content-Length before the body is read). */
    public int maxBodyBytes() {
        return parser.limits().maxBodyBytes();
    }

    /** Verifies a request received now (by the injected clock). */
    public VerifiedRequest verify(byte[] body, String signatureHeader) throws RejectedRequestException {
        return verify(body, signatureHeader, clock.instant());
    }

    /** Verifies a request received at {@code receivedAt} (e.g. when its first byte arrived). */
    public VerifiedRequest verify(byte[] body, String signatureHeader, Instant receivedAt)
            throws RejectedRequestException {
        Instant received = receivedAt.truncatedTo(ChronoUnit.MILLIS);
        TelemetryRequest request = parser.parse(body);
        try {
            checkDomain(request);
            checkSkew(request, received);
            byte[] signature = SignatureHeader.parse(signatureHeader);
            String signer = recoverSigner(body, signature);
            return new VerifiedRequest(request, body, signature, signer, Keccak256.hash(body), received);
        } catch (RejectedRequestException e) {
            // Past parsing the body names a node: the refusal is kept under that (claimed) key.
            throw e.claimedBy(request);
        }
    }

    private void checkDomain(TelemetryRequest request) throws RejectedRequestException {
        if (!domain.matches(request.network(), request.chainId())) {
            String field = domain.network().equals(request.network()) ? "/chainId" : "/network";
            throw new Rejection(ReasonCode.WRONG_DOMAIN, "signed for " + request.network() + "/" + request.chainId()
                    + "; this ingest serves " + domain, field).toException();
        }
    }

    private void checkSkew(TelemetryRequest request, Instant receivedAt) throws RejectedRequestException {
        long skew = request.sentAtMillis() - receivedAt.toEpochMilli();
        if (Math.abs(skew) > maxSkewMillis) { // both values ≥ 0 after parsing: no overflow
            throw new Rejection(ReasonCode.CLOCK_SKEW, "sentAt is " + Math.abs(skew) + " ms "
                    + (skew > 0 ? "ahead of" : "behind") + " ingest's clock; at most " + maxSkewMillis + " ms allowed",
                    "/sentAt").toException();
        }
    }

    private String recoverSigner(byte[] body, byte[] signature) throws RejectedRequestException {
        try {
            return recovery.recoverAddress(Eip191.hash(body), RecoverableSignature.parse(signature));
        } catch (InvalidSignatureException e) {
            throw Rejection.of(ReasonCode.MALFORMED_SIGNATURE, e.getMessage()).toException();
        }
    }
}
