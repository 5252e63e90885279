package io.proofmesh.ingest.prober;

import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.telemetry.LatencyProbe;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one probe end to end: a fresh 32-byte nonce → challenge → {@link ProbeClient} →
 * {@link ProbeJudge} against the node's signing address as the registry shows it when the
 * answer arrives → {@link ProbeRecordSigner} → {@link ProbePublisher}.
 */
public final class ProbeRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeRunner.class);

    private final String network;
    private final long chainId;
    private final String proberId;
    private final ProbeClient client;
    private final ProbeJudge judge;
    private final ProbeRecordSigner signer;
    private final ProbePublisher publisher;
    private final ProberMetrics metrics;
    private final Function<String, Optional<NodeRegistration>> registry;
    private final SecureRandom random = new SecureRandom();

    public ProbeRunner(String network, long chainId, String proberId, ProbeClient client, ProbeJudge judge,
                       ProbeRecordSigner signer, ProbePublisher publisher, ProberMetrics metrics,
                       Function<String, Optional<NodeRegistration>> registry) {
        this.network = network;
        this.chainId = chainId;
        this.proberId = proberId;
        this.client = client;
        this.judge = judge;
        this.signer = signer;
        this.publisher = publisher;
        this.metrics = metrics;
        this.registry = registry;
    }

    /** Starts the probe; blocks only while {@code maxInFlight} probes are outstanding. */
    public CompletableFuture<LatencyProbe> probe(NodeRegistration node) {
        byte[] nonce = new byte[ProbeChallenge.NONCE_BYTES];
        random.nextBytes(nonce);
        ProbeChallenge challenge = new ProbeChallenge(network, chainId, proberId, node.getNodeId(), nonce);
        CompletableFuture<ProbeExchange> exchange;
        try {
            exchange = client.send(node.getProbeEndpoint(), challenge.toRequestBody());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return exchange.thenApply(x -> {
            // A key rotated while the challenge was out counts: the node must answer with its current key.
            String signingAddress = registry.apply(node.getNodeId()).map(NodeRegistration::getSigningAddress)
                    .orElse(node.getSigningAddress());
            ProbeVerdict verdict = judge.judge(challenge, x, signingAddress);
            metrics.judged(verdict);
            if (LOG.isDebugEnabled()) {
                LOG.debug("probe {} -> {}: {} ({})", node.getNodeId(), node.getProbeEndpoint(), verdict.outcome(), verdict.detail());
            }
            LatencyProbe record = signer.sign(challenge, x, verdict);
            publisher.publish(record);
            return record;
        }).whenComplete((r, e) -> {
            if (e != null) {
                LOG.error("probe of {} failed inside the prober: {}", node.getNodeId(), e.toString(), e);
            }
        });
    }
}
