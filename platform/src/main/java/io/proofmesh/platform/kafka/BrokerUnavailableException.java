package io.proofmesh.platform.kafka;

import java.time.Duration;

/** No Kafka broker answered at the configured address within the start-up bound. */
public class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String bootstrapServers, Duration timeout, Throwable cause) {
        super("no Kafka broker answered at " + bootstrapServers + " within " + timeout.toSeconds() + " s"
                + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")")
                + ". Start the dev stack with `./proofmesh dev`, or point --bootstrap-servers "
                + "(kafka.bootstrap.servers / PROOFMESH_KAFKA_BOOTSTRAP_SERVERS) at a running cluster.", cause);
    }
}
