package io.proofmesh.streams.query;

import io.javalin.config.JavalinConfig;
import io.proofmesh.streams.topology.ScoringTopologyConfig;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** The query API's routes (filled in by the query package). */
public final class QueryRoutes {

    private QueryRoutes() {}

    public static void register(JavalinConfig cfg, Supplier<KafkaStreams> streams, ScoringTopologyConfig topology) {
        // routes land with the query API
    }
}
