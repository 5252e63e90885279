package io.proofmesh.ingest.prober;

import io.proofmesh.platform.crypto.Eip191;
import io.proofmesh.platform.crypto.InvalidSignatureException;
import io.proofmesh.platform.crypto.RecoverableSignature;
import io.proofmesh.platform.crypto.SignerRecovery;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.schemas.telemetry.ProbeOutcome;

/**
 * Decides a probe's outcome from what came back (PROTOCOL.md §9.4). OK only for HTTP 200 with
 * an answer {@code {"signature":"0x…"}} whose signature is in the one accepted encoding
 * (v = 27/28, low s) and recovers, over {@link ProbeChallenge#signedMessage()}, to the node's
 * current signing address. The first rule that applies wins:
 * <ol>
 *   <li>no complete answer within the timeout → TIMEOUT;</li>
 *   <li>no connection, or it broke before an answer → CONNECT_ERROR;</li>
 *   <li>status other than 200, a body over 1 KiB or not the answer form → BAD_RESPONSE;</li>
 *   <li>v not 27/28, high s, r or s out of range, not recoverable, or a different signer → BAD_SIGNATURE;</li>
 *   <li>otherwise OK, with the round trip in microseconds.</li>
 * </ol>
 */
public final class ProbeJudge {

    private final SignerRecovery recovery;

    public ProbeJudge(SignerRecovery recovery) {
        this.recovery = recovery;
    }

    /** @param signingAddress the node's current signing address (from nodes.registry) */
    public ProbeVerdict judge(ProbeChallenge challenge, ProbeExchange exchange, String signingAddress) {
        switch (exchange.transport()) {
            case TIMED_OUT:
                return new ProbeVerdict(ProbeOutcome.TIMEOUT, null, null, exchange.detail());
            case CONNECT_FAILED:
                return new ProbeVerdict(ProbeOutcome.CONNECT_ERROR, null, null, exchange.detail());
            default:
                break;
        }
        if (exchange.status() != 200) {
            return new ProbeVerdict(ProbeOutcome.BAD_RESPONSE, null, null, "HTTP status " + exchange.status());
        }
        if (exchange.body() == null) {
            return new ProbeVerdict(ProbeOutcome.BAD_RESPONSE, null, null,
                    "answer larger than " + ProbeChallenge.MAX_BODY_BYTES + " bytes");
        }
        byte[] signature;
        try {
            signature = ProbeChallenge.parseAnswer(exchange.body());
        } catch (ProbeChallenge.InvalidChallengeException e) {
            return new ProbeVerdict(ProbeOutcome.BAD_RESPONSE, null, null, e.getMessage());
        }
        int v = signature[64] & 0xff;
        if (v != 27 && v != 28) {
            // RecoverableSignature also takes 0/1; the protocol accepts exactly one encoding.
            return new ProbeVerdict(ProbeOutcome.BAD_SIGNATURE, null, signature, "signature v must be 27 or 28, got " + v);
        }
        String signer;
        try {
            signer = recovery.recoverAddress(Eip191.hash(challenge.signedMessage()),
                    RecoverableSignature.parse(signature));
        } catch (InvalidSignatureException e) {
            return new ProbeVerdict(ProbeOutcome.BAD_SIGNATURE, null, signature, e.getMessage());
        }
        if (!signer.equals(signingAddress)) {
            return new ProbeVerdict(ProbeOutcome.BAD_SIGNATURE, null, signature,
                    "signed by " + signer + ", the node's signing address is " + signingAddress);
        }
        return new ProbeVerdict(ProbeOutcome.OK, exchange.rttNanos() / 1_000, signature, "OK");
    }
}
