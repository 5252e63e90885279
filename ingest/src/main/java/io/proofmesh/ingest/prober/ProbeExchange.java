package io.proofmesh.ingest.prober;

/**
 * What happened on the wire for one challenge, before any judgement.
 *
 * @param sentAtMillis      wall clock when the challenge was sent (decides the epoch)
 * @param completedAtMillis wall clock when the answer arrived or the attempt ended
 * @param rttNanos          monotonic time from send to the end of the answer (System.nanoTime)
 * @param transport         whether an HTTP answer arrived
 * @param status            HTTP status when answered, else 0
 * @param body              the answer body when status is 200 and it fits the size limit, else null
 * @param detail            a short human explanation for logs (never sent anywhere)
 */
public record ProbeExchange(long sentAtMillis, long completedAtMillis, long rttNanos, Transport transport, int status,
                            byte[] body, String detail) {

    public enum Transport {
        /** An HTTP response arrived (any status). */
        ANSWERED,
        /** No complete answer within the timeout. */
        TIMED_OUT,
        /** The connection could not be made or broke before an answer (refused, reset, DNS, bad endpoint URL). */
        CONNECT_FAILED
    }
}
