package io.proofmesh.ingest.prober;

import io.proofmesh.schemas.telemetry.ProbeOutcome;

/**
 * The judged outcome of one probe.
 *
 * @param outcome       OK, TIMEOUT, BAD_SIGNATURE, CONNECT_ERROR or BAD_RESPONSE
 * @param rttMicros     the round trip, only for OK (null otherwise)
 * @param nodeSignature the 65 signature bytes as the node sent them, whenever an answer carried some (null otherwise)
 * @param detail        why, for logs
 */
public record ProbeVerdict(ProbeOutcome outcome, Long rttMicros, byte[] nodeSignature, String detail) {
}
