package io.proofmesh.platform.crypto;

/** Recovers who signed a 32-byte hash. Two implementations: native libsecp256k1 and web3j's pure Java. */
public interface SignerRecovery {

    /** The signer's address (lower-case 0x form); {@link InvalidSignatureException} if none recovers. */
    String recoverAddress(byte[] hash32, RecoverableSignature signature);

    /** Which implementation this is, for start-up reports and metrics. */
    String implementation();

    /** The signer of an EIP-191 personal message. */
    default String recoverPersonalSigner(byte[] message, byte[] rsv) {
        return recoverAddress(Eip191.hash(message), RecoverableSignature.parse(rsv));
    }
}
