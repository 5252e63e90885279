package io.proofmesh.app.policy;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.scoring.policy.PolicyCodec;
import io.proofmesh.scoring.policy.PolicyHash;
import io.proofmesh.scoring.policy.ScoringPolicy;

/** Governance's signature on a policy (PROTOCOL.md §11.3): EIP-191 over the deployment-bound digest. */
public final class PolicySigning {

    private PolicySigning() {
    }

    public static io.proofmesh.schemas.policy.ScoringPolicy sign(ScoringPolicy policy, MessageSigner governance, SigningDomain domain) {
        byte[] digest = PolicyHash.signingDigest(PolicyHash.of(policy), domain.network(), domain.chainId());
        return PolicyCodec.toAvro(policy, governance.address(), governance.signPersonal(digest));
    }
}
