package io.proofmesh.ingest.protocol;

/**
 * A receipt as sent: the exact 202 body and ingest's signature over it (EIP-191, the same
 * scheme nodes use), carried in the {@code X-Proofmesh-Signature} response header.
 */
public record SignedReceipt(Receipt receipt, byte[] body, byte[] signature) {

    public SignedReceipt {
        body = body.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Value of the {@code X-Proofmesh-Signature} response header. */
    public String signatureHeader() {
        return SignatureHeader.format(signature);
    }
}
