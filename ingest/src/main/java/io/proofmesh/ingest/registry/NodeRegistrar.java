package io.proofmesh.ingest.registry;

import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.registry.NodeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes node registrations to {@code nodes.registry} (acks=all, waited for) and waits until the
 * live view shows the write, so an admin call that returns is visible to the next one.
 * Re-registering an existing node updates its details but keeps its registration time and its
 * status: re-registering never lifts a suspension.
 */
public final class NodeRegistrar {

    private static final Duration VISIBILITY_WAIT = Duration.ofSeconds(10);

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final NodeRegistryView view;
    private final Clock clock;

    public NodeRegistrar(Producer<String, SpecificRecord> producer, String topic, NodeRegistryView view, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.view = view;
        this.clock = clock;
    }

    /** Whether the node was new, and what is now registered. */
    public record Outcome(boolean created, NodeRegistration registration) { }

    public Outcome register(RegistrationRequest req) throws RegistryWriteException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<NodeRegistration> existing = view.registration(req.nodeId());
        NodeRegistration r = NodeRegistration.newBuilder()
                .setNodeId(req.nodeId())
                .setSigningAddress(req.signingAddress())
                .setPayoutAddress(req.payoutAddress())
                .setOperatorAddress(req.operatorAddress())
                .setRegion(req.region())
                .setProbeEndpoint(req.probeEndpoint())
                .setDeclaredCapacity(req.declaredCapacity())
                .setStatus(existing.map(NodeRegistration::getStatus).orElse(NodeStatus.ACTIVE))
                .setStatusReason(existing.map(NodeRegistration::getStatusReason).orElse(null))
                .setRegisteredAt(existing.map(NodeRegistration::getRegisteredAt).orElse(now))
                .setUpdatedAt(now)
                .setKeyRotation(existing.map(NodeRegistration::getKeyRotation).orElse(null))
                .build();
        write(r);
        return new Outcome(existing.isEmpty(), r);
    }

    /** Sets the status (ACTIVE or SUSPENDED) of a registered node; empty if it is not registered. */
    public Optional<NodeRegistration> setStatus(String nodeId, NodeStatus status, String reason) throws RegistryWriteException {
        Optional<NodeRegistration> existing = view.registration(nodeId);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        NodeRegistration r = NodeRegistration.newBuilder(existing.get())
                .setStatus(status)
                .setStatusReason(reason)
                .setUpdatedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .build();
        write(r);
        return Optional.of(r);
    }

    private void write(NodeRegistration r) throws RegistryWriteException {
        try {
            producer.send(new ProducerRecord<>(topic, r.getNodeId(), r)).get(VISIBILITY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RegistryWriteException("Kafka did not acknowledge the registration of " + r.getNodeId() + ": "
                    + (e.getCause() == null ? e : e.getCause()).toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryWriteException("interrupted while registering " + r.getNodeId());
        }
        long deadline = System.nanoTime() + VISIBILITY_WAIT.toNanos();
        while (!view.registration(r.getNodeId()).map(r::equals).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new RegistryWriteException("the registration of " + r.getNodeId() + " was written but is not visible "
                        + "in the registry view after " + VISIBILITY_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryWriteException("interrupted while waiting for the registry view");
            }
        }
    }

    /** Kafka did not take the write (the caller answers 503). */
    public static final class RegistryWriteException extends Exception {
        public RegistryWriteException(String message) {
            super(message, null, false, false);
        }
    }
}
