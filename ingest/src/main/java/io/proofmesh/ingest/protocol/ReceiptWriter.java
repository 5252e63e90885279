package io.proofmesh.ingest.protocol;

import io.proofmesh.platform.crypto.MessageSigner;
import java.util.Objects;

/** Encodes receipts and signs them with ingest's receipt key. Thread-safe. */
public final class ReceiptWriter {

    private final MessageSigner receiptKey;

    public ReceiptWriter(MessageSigner receiptKey) {
        this.receiptKey = Objects.requireNonNull(receiptKey, "receiptKey");
    }

    /** The address receipts name as {@code ingestAddress} and recover to. */
    public String ingestAddress() {
        return receiptKey.address();
    }

    public SignedReceipt sign(Receipt receipt) {
        if (!receipt.ingestAddress().equals(receiptKey.address())) {
            // A receipt naming another key than the one that signs it would never verify.
            throw new IllegalArgumentException("receipt names ingestAddress " + receipt.ingestAddress()
                    + " but is signed by " + receiptKey.address());
        }
        byte[] body = receipt.toJson();
        return new SignedReceipt(receipt, body, receiptKey.signPersonal(body));
    }
}
