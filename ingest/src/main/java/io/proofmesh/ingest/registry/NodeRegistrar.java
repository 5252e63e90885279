package io.proofmesh.ingest.registry;

import io.proofmesh.schemas.registry.KeyRotation;
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
 * status: re-registering never lifts a suspension, and without an explicit signingAddress it
 * keeps the current (possibly rotated) key. Writes to one node are serialised within the instance,
 * so each read-modify-write starts from the previous one's result; writes to different nodes run
 * in parallel (a lock per node stripe, not per registrar: each write waits for its own
 * acknowledgement and visibility, and 10,000 registrations in a row would otherwise queue).
 */
public final class NodeRegistrar {

    private static final Duration VISIBILITY_WAIT = Duration.ofSeconds(10);

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final NodeRegistryView view;
    private final Clock clock;
    private final Object[] stripes = new Object[64];

    public NodeRegistrar(Producer<String, SpecificRecord> producer, String topic, NodeRegistryView view, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.view = view;
        this.clock = clock;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    private Object lockFor(String nodeId) {
        return stripes[Math.floorMod(nodeId.hashCode(), stripes.length)];
    }

    /** Whether the node was new, and what is now registered. */
    public record Outcome(boolean created, NodeRegistration registration) { }

    public Outcome register(RegistrationRequest req) throws RegistryWriteException {
        synchronized (lockFor(req.nodeId())) {
            return registerLocked(req);
        }
    }

    private Outcome registerLocked(RegistrationRequest req) throws RegistryWriteException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<NodeRegistration> existing = view.registration(req.nodeId());
        NodeRegistration r = NodeRegistration.newBuilder()
                .setNodeId(req.nodeId())
                .setSigningAddress(req.signingAddress() != null ? req.signingAddress()
                        : existing.map(NodeRegistration::getSigningAddress).orElse(req.nodeId()))
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
        synchronized (lockFor(nodeId)) {
            return setStatusLocked(nodeId, status, reason);
        }
    }

    private Optional<NodeRegistration> setStatusLocked(String nodeId, NodeStatus status, String reason)
            throws RegistryWriteException {
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

    /**
     * Installs a verified key rotation: the new signing address and the rotation record, status
     * and everything else unchanged. Re-checks against the latest registration so two rotations
     * racing on this instance cannot both win.
     *
     * @throws StaleRotationException if the node's key or last rotation changed since verification
     */
    public NodeRegistration rotateKey(KeyRotationVerifier.Verified verified)
            throws RegistryWriteException, StaleRotationException {
        synchronized (lockFor(verified.current().getNodeId())) {
            return rotateKeyLocked(verified);
        }
    }

    private NodeRegistration rotateKeyLocked(KeyRotationVerifier.Verified verified)
            throws RegistryWriteException, StaleRotationException {
        KeyRotation rotation = verified.rotation();
        String nodeId = verified.current().getNodeId();
        NodeRegistration latest = view.registration(nodeId)
                .orElseThrow(() -> new StaleRotationException("node " + nodeId + " was removed"));
        KeyRotation last = latest.getKeyRotation();
        if (!latest.getSigningAddress().equals(rotation.getPreviousSigningAddress())
                || (last != null && !last.getRotatedAt().isBefore(rotation.getRotatedAt()))) {
            throw new StaleRotationException("node " + nodeId + "'s signing key changed while this rotation was checked");
        }
        NodeRegistration r = NodeRegistration.newBuilder(latest)
                .setSigningAddress(rotation.getNewSigningAddress())
                .setKeyRotation(rotation)
                .setUpdatedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .build();
        write(r);
        return r;
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
        try {
            if (!view.awaitRegistration(r.getNodeId(), current -> current.map(r::equals).orElse(false), VISIBILITY_WAIT)) {
                throw new RegistryWriteException("the registration of " + r.getNodeId() + " was written but is not visible "
                        + "in the registry view after " + VISIBILITY_WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryWriteException("interrupted while waiting for the registry view");
        }
    }

    /** A rotation lost a race with another change of the node's key (the caller answers 409). */
    public static final class StaleRotationException extends Exception {
        public StaleRotationException(String message) {
            super(message, null, false, false);
        }
    }

    /** Kafka did not take the write (the caller answers 503). */
    public static final class RegistryWriteException extends Exception {
        public RegistryWriteException(String message) {
            super(message, null, false, false);
        }
    }
}
