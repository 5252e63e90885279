package io.proofmesh.streams.service;

import io.proofmesh.platform.testing.ChildJvm;
import java.time.Duration;

/**
 * A scoring processor in a process of its own, for tests that kill it ({@link ChildJvm}): prints
 * {@link ChildJvm#READY} once Kafka Streams runs (not merely started), then serves until killed.
 */
public final class ProcessorMain {

    private ProcessorMain() {}

    public static void main(String[] args) throws InterruptedException {
        ChildJvm.serve(args, "streams", (settings, progress) -> {
            StreamsService service = StreamsService.start(settings, progress);
            try {
                service.awaitRunning(Duration.ofSeconds(90));
            } catch (IllegalStateException e) {
                service.close();
                throw e;
            }
            return service;
        });
    }
}
