package io.proofmesh.settler.chain;

import java.util.Locale;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/** Signs with a key held in this process (from env or a key file; see PrivateKeySource). */
public final class LocalKeySigner implements TransactionSigner {

    private final Credentials credentials;
    private final String source;

    public LocalKeySigner(Credentials credentials, String source) {
        this.credentials = credentials;
        this.source = source;
    }

    @Override
    public String address() {
        return credentials.getAddress().toLowerCase(Locale.ROOT);
    }

    @Override
    public byte[] sign(RawTransaction tx, long chainId) {
        return TransactionEncoder.signMessage(tx, chainId, credentials);
    }

    @Override
    public String describe() {
        return "local key from " + source + " (" + address() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
