package io.proofmesh.simulator.agent;

import java.util.Optional;

/**
 * How one request ended.
 *
 * @param outcome    what happened
 * @param reasonCode ingest's code for a refusal (or a transport failure's description when it gave up)
 * @param receipt    the verified receipt of a 202
 * @param attempts   how many times the bytes were sent
 */
public record Delivery(SignedRequest request, Outcome outcome, String reasonCode, Optional<Receipt> receipt, int attempts) {

    public enum Outcome {
        /** 202 with a verified receipt. */
        ACCEPTED,
        /** A retry was answered REPLAYED: an earlier attempt was accepted but its 202 was lost (PROTOCOL.md §5). */
        DELIVERED_EARLIER,
        /** A final refusal (4xx, or REPLAYED on a first attempt). */
        REJECTED,
        /** Retries ran out (attempts or deadline) on 429/503/connection errors. */
        GAVE_UP,
        /** 202, but the receipt did not verify (wrong signer, wrong digest): ingest's claim cannot be relied on. */
        INVALID_RECEIPT
    }

    /** True when ingest holds the events (accepted now or earlier). */
    public boolean delivered() {
        return outcome == Outcome.ACCEPTED || outcome == Outcome.DELIVERED_EARLIER;
    }
}
