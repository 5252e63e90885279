package io.proofmesh.simulator.agent;

import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.platform.protocol.SigningDomain;
import java.nio.charset.StandardCharsets;

/**
 * Answers the network's latency challenges for one node: it signs only a challenge for its own
 * node in its own signing domain — otherwise anyone could collect this node's signatures for
 * another deployment or have it vouch for another node.
 */
public final class ProbeResponder {

    private final MessageSigner signer;
    private final String nodeId;
    private final SigningDomain domain;

    public ProbeResponder(MessageSigner signer, String nodeId, SigningDomain domain) {
        this.signer = signer;
        this.nodeId = nodeId;
        this.domain = domain;
    }

    /** An HTTP answer: status and JSON body. */
    public record Answer(int status, byte[] body) {
        static Answer refusal(int status, String code, String message) {
            String json = "{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
            return new Answer(status, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    public Answer answer(byte[] challengeBody) {
        ProbeChallenge c;
        try {
            c = ProbeChallenge.parse(challengeBody);
        } catch (ProbeChallenge.InvalidChallengeException e) {
            return Answer.refusal(400, "INVALID_CHALLENGE", e.getMessage());
        }
        if (!c.network().equals(domain.network()) || c.chainId() != domain.chainId()) {
            return Answer.refusal(403, "WRONG_DOMAIN", "this node signs for " + domain + ", not " + c.network() + "/"
                    + c.chainId());
        }
        if (!c.nodeId().equals(nodeId)) {
            return Answer.refusal(404, "UNKNOWN_NODE", "this endpoint answers for " + nodeId + ", not " + c.nodeId());
        }
        return new Answer(200, ProbeChallenge.answerBody(signer.signPersonal(c.signedMessage())));
    }
}
