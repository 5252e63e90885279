package io.proofmesh.settler.chain;

import java.io.IOException;
import org.web3j.crypto.RawTransaction;

/**
 * Signs the settler's transactions. The settler never needs the key itself: a local key (dev, or
 * a key file on a locked-down host) or a remote signer holding it (web3signer, Clef, an HSM
 * gateway) both fit. Implementations never log or print the key.
 */
public interface TransactionSigner {

    /** Lower-case 0x address of the account that signs (and pays gas). */
    String address();

    /** The signed raw transaction (EIP-2718 typed envelope for EIP-1559 transactions). */
    byte[] sign(RawTransaction tx, long chainId) throws IOException;

    /** For logs and the startup banner, e.g. "key file settler.key (0x70…)"; never the key. */
    String describe();
}
