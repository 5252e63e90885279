package io.proofmesh.scoring.policy;

import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.RefusedPolicyException.Reason;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Locale;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Decides whether a {@code config.scoring-policy} record may be used by this deployment
 * (PROTOCOL.md §11.4): its content is a valid policy, its signature is governance's over the
 * deployment-bound digest, governance is the address the deployment trusts, and it was published
 * in time. Pure Java (web3j), so the processor, the settler and the audit all run this same check.
 */
public final class PolicyVerifier {

    /** secp256k1 group order n; a signature's s must be at most n / 2 (EIP-2). */
    private static final BigInteger HALF_ORDER =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16).shiftRight(1);

    private final String networkName;
    private final long chainId;
    private final String trustedGovernance;
    private final EpochSchedule schedule;

    /**
     * @param networkName       the deployment's network name (signing domain)
     * @param chainId           the deployment's chain id (signing domain)
     * @param trustedGovernance 0x address of the governance key (setting {@code scoring.governance-address})
     * @param schedule          the deployment's epochs, for the publication rule
     */
    public PolicyVerifier(String networkName, long chainId, String trustedGovernance, EpochSchedule schedule) {
        if (trustedGovernance == null || !trustedGovernance.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("the trusted governance address must be 0x + 40 hex digits, got " + trustedGovernance);
        }
        PolicyHash.signingDigest(new byte[32], networkName, chainId); // the same checks of the domain as signing
        this.networkName = networkName;
        this.chainId = chainId;
        this.trustedGovernance = trustedGovernance.toLowerCase(Locale.ROOT);
        this.schedule = schedule;
    }

    public String trustedGovernance() {
        return trustedGovernance;
    }

    /**
     * {@link #verify(io.proofmesh.schemas.policy.ScoringPolicy)} for a record read from
     * {@code config.scoring-policy}: its key must also be the content hash ({@code 0x} + 64 lower-case
     * hex digits), or compaction could drop a policy in favour of another one stored under its key.
     */
    public VerifiedPolicy verify(String key, io.proofmesh.schemas.policy.ScoringPolicy record) throws RefusedPolicyException {
        VerifiedPolicy v = verify(record);
        if (!v.hex().equals(key)) {
            throw new RefusedPolicyException(Reason.INVALID_POLICY, "the record key " + key + " is not the policy's content hash "
                    + v.hex());
        }
        return v;
    }

    /** The verified policy, or the first reason (in {@link Reason} order) it must not be used. */
    public VerifiedPolicy verify(io.proofmesh.schemas.policy.ScoringPolicy record) throws RefusedPolicyException {
        ScoringPolicy policy;
        try {
            policy = PolicyCodec.toDomain(record);
        } catch (IllegalArgumentException e) {
            throw new RefusedPolicyException(Reason.INVALID_POLICY, e.getMessage());
        }
        byte[] hash = PolicyHash.of(policy);
        String claimed = record.getGovernanceAddress() == null ? "" : record.getGovernanceAddress().toLowerCase(Locale.ROOT);
        byte[] signature = record.getGovernanceSignature() == null ? new byte[0] : PolicyCodec.signature(record);
        String signer = signer(PolicyHash.signingDigest(hash, networkName, chainId), signature);
        if (!signer.equals(claimed)) {
            throw new RefusedPolicyException(Reason.BAD_SIGNATURE, "the signature over policy " + PolicyHash.hex(hash)
                    + " for " + networkName + "/" + chainId + " recovers to " + signer + ", not to the record's governanceAddress "
                    + claimed + " (content changed after signing, or signed for another network)");
        }
        if (!signer.equals(trustedGovernance)) {
            throw new RefusedPolicyException(Reason.UNTRUSTED_GOVERNANCE, "policy " + PolicyHash.hex(hash) + " is signed by "
                    + signer + ", but this deployment trusts governance " + trustedGovernance);
        }
        if (!PublicationRule.publishedInTime(policy, schedule)) {
            throw new RefusedPolicyException(Reason.PUBLISHED_TOO_LATE, "policy " + PolicyHash.hex(hash) + " for epoch "
                    + policy.effectiveFromEpoch() + " was published at " + policy.publishedAtMillis() + " (epoch "
                    + schedule.epochOf(policy.publishedAtMillis()) + "); it had to be published before epoch "
                    + (policy.effectiveFromEpoch() - PublicationRule.LEAD_EPOCHS + 1) + " started ("
                    + PublicationRule.latestPublicationExclusive(policy.effectiveFromEpoch(), schedule) + ")");
        }
        return new VerifiedPolicy(hash, policy, signer);
    }

    /**
     * The lower-case address whose EIP-191 signature over the 32 digest bytes {@code signature} is;
     * a refusal if it is not exactly one accepted encoding (65 bytes, v 27/28, low s).
     */
    public static String signer(byte[] digest, byte[] signature) throws RefusedPolicyException {
        if (signature.length != 65) {
            throw new RefusedPolicyException(Reason.BAD_SIGNATURE, "a signature is 65 bytes r||s||v, got " + signature.length);
        }
        byte v = signature[64];
        if (v != 27 && v != 28) {
            throw new RefusedPolicyException(Reason.BAD_SIGNATURE, "signature v must be 27 or 28, got " + (v & 0xff));
        }
        byte[] r = Arrays.copyOfRange(signature, 0, 32);
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        if (new BigInteger(1, s).compareTo(HALF_ORDER) > 0) {
            throw new RefusedPolicyException(Reason.BAD_SIGNATURE, "signature s must be in the lower half of the curve order (EIP-2)");
        }
        try {
            BigInteger key = Sign.signedPrefixedMessageToKey(digest, new Sign.SignatureData(v, r, s));
            return "0x" + Keys.getAddress(key).toLowerCase(Locale.ROOT);
        } catch (SignatureException | IllegalArgumentException e) {
            throw new RefusedPolicyException(Reason.BAD_SIGNATURE, "the signature recovers to no key: " + e.getMessage());
        }
    }
}
