package io.proofmesh.scoring.policy;

import static io.proofmesh.scoring.policy.PolicyFixtures.CHAIN_ID;
import static io.proofmesh.scoring.policy.PolicyFixtures.DEV_GOVERNANCE;
import static io.proofmesh.scoring.policy.PolicyFixtures.DEV_GOVERNANCE_ADDRESS;
import static io.proofmesh.scoring.policy.PolicyFixtures.NETWORK;
import static io.proofmesh.scoring.policy.PolicyFixtures.OTHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.policy.RefusedPolicyException.Reason;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PolicyVerifierTest {

    /** Epochs of 10 s from t = 1,000,000 ms: epoch e starts at 1,000,000 + 10,000 e. */
    private static final EpochSchedule SCHEDULE = new EpochSchedule(1_000_000L, 10_000L, 1_000L);

    private final PolicyVerifier verifier = new PolicyVerifier(NETWORK, CHAIN_ID, DEV_GOVERNANCE_ADDRESS.toUpperCase()
            .replace("0X", "0x"), SCHEDULE);

    /** Published in epoch 3 for epoch 5: just in time. */
    private final ScoringPolicy policy = PolicyFixtures.policy("2026.1", 5, 1_039_999L);

    @Test
    void acceptsAPolicySignedByTheTrustedGovernanceForThisNetwork() throws Exception {
        VerifiedPolicy v = verifier.verify(PolicyFixtures.signed(policy, DEV_GOVERNANCE, NETWORK, CHAIN_ID));
        assertThat(v.policy()).isEqualTo(policy);
        assertThat(v.hash()).isEqualTo(PolicyHash.of(policy));
        assertThat(v.hex()).isEqualTo(PolicyHash.hex(PolicyHash.of(policy)));
        assertThat(v.governanceAddress()).isEqualTo(DEV_GOVERNANCE_ADDRESS);
    }

    @Test
    void aStoredRecordMustBeKeyedByItsHash() throws Exception {
        var record = PolicyFixtures.signed(policy, DEV_GOVERNANCE, NETWORK, CHAIN_ID);
        String hex = PolicyHash.hex(PolicyHash.of(policy));
        assertThat(verifier.verify(hex, record).hex()).isEqualTo(hex);
        RefusedPolicyException e = catchThrowableOfType(RefusedPolicyException.class,
                () -> verifier.verify(hex.toUpperCase().replace("0X", "0x"), record));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_POLICY);
        assertThat(e.getMessage()).contains("record key");
    }

    @Test
    void refusesContentChangedAfterSigning() {
        var record = PolicyFixtures.signed(policy, DEV_GOVERNANCE, NETWORK, CHAIN_ID);
        record.setEmissionPerEpoch("1000000000000000000001");
        assertThat(refusal(record)).isEqualTo(Reason.BAD_SIGNATURE);
        var tiers = PolicyFixtures.signed(policy, DEV_GOVERNANCE, NETWORK, CHAIN_ID);
        tiers.getLatencyTiers().get(1).setPpm(500_001);
        assertThat(refusal(tiers)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesAValidSignatureByAnotherKey() {
        var record = PolicyFixtures.signed(policy, OTHER_KEY, NETWORK, CHAIN_ID);
        RefusedPolicyException e = refused(record);
        assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED_GOVERNANCE);
        assertThat(e.getMessage()).contains(PolicyFixtures.address(OTHER_KEY)).contains(DEV_GOVERNANCE_ADDRESS);
    }

    @Test
    void refusesAnotherKeysSignatureClaimingToBeGovernance() {
        var record = PolicyFixtures.signed(policy, OTHER_KEY, NETWORK, CHAIN_ID);
        record.setGovernanceAddress(DEV_GOVERNANCE_ADDRESS);
        assertThat(refusal(record)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesASignatureMadeForAnotherNetworkOrChain() {
        assertThat(refusal(PolicyFixtures.signed(policy, DEV_GOVERNANCE, "proofmesh-testnet", CHAIN_ID))).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(PolicyFixtures.signed(policy, DEV_GOVERNANCE, NETWORK, 1))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesSignaturesInAnyButTheOneAcceptedEncoding() {
        var record = PolicyFixtures.signed(policy, DEV_GOVERNANCE, NETWORK, CHAIN_ID);
        byte[] sig = PolicyCodec.signature(record);

        byte[] v01 = sig.clone();
        v01[64] -= 27;
        assertThat(refusal(with(record, v01))).isEqualTo(Reason.BAD_SIGNATURE);

        // (r, n - s, v flipped) recovers to the same key, but is the high-s twin
        BigInteger n = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        byte[] high = sig.clone();
        byte[] highS = org.web3j.utils.Numeric.toBytesPadded(n.subtract(s), 32);
        System.arraycopy(highS, 0, high, 32, 32);
        high[64] = (byte) (sig[64] == 27 ? 28 : 27);
        assertThat(refusal(with(record, high))).isEqualTo(Reason.BAD_SIGNATURE);

        assertThat(refusal(with(record, java.util.Arrays.copyOf(sig, 64)))).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(with(record, new byte[65]))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesAnInvalidPolicyBeforeLookingAtItsSignature() {
        var record = PolicyFixtures.signed(policy, DEV_GOVERNANCE, NETWORK, CHAIN_ID);
        record.setWorkWeightPpm(1);
        RefusedPolicyException e = refused(record);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_POLICY);
        assertThat(e.getMessage()).contains("workWeightPpm");
    }

    @Test
    void refusesAPolicyPublishedLessThanTwoEpochsAhead() {
        ScoringPolicy late = PolicyFixtures.policy("2026.1", 5, 1_040_000L); // epoch 4 for epoch 5
        RefusedPolicyException e = refused(PolicyFixtures.signed(late, DEV_GOVERNANCE, NETWORK, CHAIN_ID));
        assertThat(e.reason()).isEqualTo(Reason.PUBLISHED_TOO_LATE);
        assertThat(e.getMessage()).contains("before epoch 4 started (1040000)");
    }

    @Test
    void theGenesisPolicyMayBePublishedAnyTime() throws Exception {
        ScoringPolicy genesis = PolicyFixtures.policy("genesis", 0, 9_999_999L);
        assertThat(verifier.verify(PolicyFixtures.signed(genesis, DEV_GOVERNANCE, NETWORK, CHAIN_ID)).policy()).isEqualTo(genesis);
    }

    private static io.proofmesh.schemas.policy.ScoringPolicy with(io.proofmesh.schemas.policy.ScoringPolicy r, byte[] sig) {
        var copy = io.proofmesh.schemas.policy.ScoringPolicy.newBuilder(r).build();
        copy.setGovernanceSignature(ByteBuffer.wrap(sig));
        return copy;
    }

    private Reason refusal(io.proofmesh.schemas.policy.ScoringPolicy record) {
        return refused(record).reason();
    }

    private RefusedPolicyException refused(io.proofmesh.schemas.policy.ScoringPolicy record) {
        RefusedPolicyException e = catchThrowableOfType(RefusedPolicyException.class, () -> verifier.verify(record));
        assertThat(e).as("refused").isNotNull();
        return e;
    }
}
