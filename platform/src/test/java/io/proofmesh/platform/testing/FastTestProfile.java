package io.proofmesh.platform.testing;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.devstack.DevStack;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client half of DESIGN.md's fast crash-test profile (the broker half is in
 * {@code DevStackConfig.forTests}): Kafka's defaults (45 s session timeout, 60 s transaction
 * timeout) would make every kill-and-recover test wait close to a minute.
 */
public final class FastTestProfile {

    public static final Map<String, String> CLIENT_SETTINGS = Map.of(
            "kafka.session.timeout.ms", "6000",
            "kafka.heartbeat.interval.ms", "1500",
            "kafka.transaction.timeout.ms", "10000",
            "kafka.request.timeout.ms", "10000");

    private FastTestProfile() {
    }

    /** Settings pointing at {@code stack}, with the fast client profile applied. */
    public static Settings settings(DevStack stack) {
        Map<String, String> m = new LinkedHashMap<>(CLIENT_SETTINGS);
        m.put(CommonSettings.KAFKA_BOOTSTRAP, stack.bootstrapServers());
        m.put(CommonSettings.REGISTRY_URL, stack.registryUrl());
        m.put(CommonSettings.CHAIN_RPC_URL, stack.chainRpcUrl());
        return Settings.of(m);
    }
}
