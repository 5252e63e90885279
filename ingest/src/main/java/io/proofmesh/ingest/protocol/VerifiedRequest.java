package io.proofmesh.ingest.protocol;

import java.time.Instant;
import java.util.HexFormat;

/**
 * A request that passed every stateless check: well-formed, for this deployment, sent within
 * the clock-skew window, with a well-formed signature that recovers to {@link #signer()}.
 * Whether that signer may speak for {@code request().nodeId()} is the node directory's call
 * ({@link NodeAuthorizer}).
 *
 * @param request    the parsed body
 * @param body       the exact bytes received and signed (stored in every event's provenance)
 * @param signature  65 bytes r ‖ s ‖ v, v = 27/28
 * @param signer     lower-case 0x address recovered from the signature over the body
 * @param bodyDigest keccak256(body)
 * @param receivedAt ingest's receive time, millisecond precision
 */
public record VerifiedRequest(TelemetryRequest request, byte[] body, byte[] signature, String signer, byte[] bodyDigest,
        Instant receivedAt) {

    public VerifiedRequest {
        body = body.clone();
        signature = signature.clone();
        bodyDigest = bodyDigest.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] bodyDigest() {
        return bodyDigest.clone();
    }

    public String bodyDigestHex() {
        return "0x" + HexFormat.of().formatHex(bodyDigest);
    }

    /** The body without a copy, for the mapper (which wraps it once per event, read-only). */
    byte[] bodyUnsafe() {
        return body;
    }

    @Override
    public String toString() {
        return "VerifiedRequest[nodeId=" + request.nodeId() + ", seq=" + request.seq() + ", signer=" + signer
                + ", bodyDigest=" + bodyDigestHex() + ", receivedAt=" + receivedAt + ", events="
                + request.events().size() + "]";
    }
}
