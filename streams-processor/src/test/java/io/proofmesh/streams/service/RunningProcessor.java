package io.proofmesh.streams.service;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.platform.topics.CatalogBootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A scoring processor on the DevStack with the fast test profile; {@code overrides} win. */
public final class RunningProcessor {

    private RunningProcessor() {}

    /** Topics and schemas bootstrapped; settings for a processor on a free port with its own state dir. */
    public static Settings settings(DevStack stack, String applicationId, String instanceId, Map<String, String> overrides)
            throws Exception {
        Settings base = FastTestProfile.settings(stack);
        CatalogBootstrap.run(new KafkaClients(base), new SchemaRegistryClient(stack.registryUrl()),
                CommonSettings.from(base).topics(), Duration.ofSeconds(30));
        Map<String, String> s = new LinkedHashMap<>(base.asMap());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put(StreamsSettings.APPLICATION_ID, applicationId);
        s.put(StreamsSettings.INSTANCE_ID, instanceId);
        s.put(StreamsSettings.STATE_DIR, Files.createTempDirectory("proofmesh-streams-it").toString());
        s.put(StreamsSettings.COMMIT_INTERVAL, "100ms");
        s.put(StreamsSettings.CLOSE_MARGIN, "500ms");
        s.putAll(overrides);
        return Settings.of(s);
    }

    public static StreamsService start(Settings settings) throws InterruptedException {
        StreamsService service = StreamsService.start(settings, msg -> System.out.println("[streams] " + msg));
        service.awaitRunning(Duration.ofSeconds(90));
        return service;
    }
}
