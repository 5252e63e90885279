package io.proofmesh.scoring.policy;

import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/** Policies and governance keys for the policy tests. */
final class PolicyFixtures {

    /** anvil's public account #9 (the dev governance key). */
    static final ECKeyPair DEV_GOVERNANCE =
            ECKeyPair.create(new BigInteger("2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6", 16));
    static final String DEV_GOVERNANCE_ADDRESS = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720";
    static final ECKeyPair OTHER_KEY = ECKeyPair.create(BigInteger.valueOf(7));

    static final String NETWORK = "proofmesh-devnet";
    static final long CHAIN_ID = 31337;

    private PolicyFixtures() {
    }

    static String address(ECKeyPair key) {
        return "0x" + Keys.getAddress(key.getPublicKey());
    }

    /** A valid policy; {@code effectiveFromEpoch} and {@code publishedAt} as given. */
    static ScoringPolicy policy(String version, long effectiveFromEpoch, long publishedAt) {
        return new ScoringPolicy(version, effectiveFromEpoch, 30,
                List.of(new LatencyTier(50_000, 1_000_000), new LatencyTier(250_000, 500_000)),
                500_000, 600_000, 400_000, 1_000_000, 1_000_000, 950_000,
                new BigInteger("1000000000000000000000"), publishedAt);
    }

    static byte[] sign(byte[] message32, ECKeyPair key) {
        Sign.SignatureData s = Sign.signPrefixedMessage(message32, key);
        byte[] out = new byte[65];
        System.arraycopy(s.getR(), 0, out, 0, 32);
        System.arraycopy(s.getS(), 0, out, 32, 32);
        out[64] = s.getV()[0];
        return out;
    }

    /** The wire record of {@code p} signed by {@code key} for (network, chainId), claiming the key's address. */
    static io.proofmesh.schemas.policy.ScoringPolicy signed(ScoringPolicy p, ECKeyPair key, String network, long chainId) {
        byte[] sig = sign(PolicyHash.signingDigest(PolicyHash.of(p), network, chainId), key);
        return PolicyCodec.toAvro(p, address(key), sig);
    }
}
