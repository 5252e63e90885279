package io.proofmesh.platform.crypto;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the signature recovery once per JVM: native libsecp256k1 where it loads, else web3j,
 * saying which at start-up (operators must know when they run ~4x slower).
 */
public final class SignerRecoveries {

    private static final Logger LOG = LoggerFactory.getLogger(SignerRecoveries.class);

    private static volatile SignerRecovery best;

    private SignerRecoveries() {
    }

    public static SignerRecovery best() {
        SignerRecovery b = best;
        if (b == null) {
            synchronized (SignerRecoveries.class) {
                if (best == null) {
                    best = load();
                }
                b = best;
            }
        }
        return b;
    }

    public static SignerRecovery pureJava() {
        return new Web3jSignerRecovery();
    }

    private static SignerRecovery load() {
        try {
            SignerRecovery r = new NativeSignerRecovery();
            LOG.info("signature recovery: {}", r.implementation());
            return r;
        } catch (Throwable t) { // UnsatisfiedLinkError, missing platform jar, ...
            LOG.warn("signature recovery: native libsecp256k1 unavailable on {} {} ({}); using pure Java, about 4x slower",
                    System.getProperty("os.name"), System.getProperty("os.arch"), t.toString());
            return new Web3jSignerRecovery();
        }
    }
}
