package io.proofmesh.platform.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.testing.DevStackTest;
import io.proofmesh.platform.testing.JsonRpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DevStackTest
class DevStackIT {

    @Test
    void anvilAnswersEthChainId(DevStack stack) throws Exception {
        assertThat(JsonRpc.call(stack.chainRpcUrl(), "eth_chainId")).contains("\"result\":\"0x7a69\""); // 31337
    }

    @Test
    void aTakenPortIsNamedWithTheFlagThatMovesIt(DevStack stack, @TempDir Path dir) {
        DevStackConfig clash = withPorts(DevStackConfig.forTests(dir), stack.config().kafkaPort());
        assertThatThrownBy(() -> DevStack.start(clash, msg -> { }))
                .isInstanceOf(Ports.PortInUseException.class)
                .hasMessageContaining("port " + stack.config().kafkaPort())
                .hasMessageContaining("Kafka broker")
                .hasMessageContaining("--kafka-port");
    }

    @Test
    void aDataDirInUseByARunningStackIsRefused(DevStack stack) {
        DevStackConfig same = new DevStackConfig(stack.dataDir(), Ports.freePort(), Ports.freePort(), Ports.freePort(),
                Ports.freePort(), 31337, false, false, false, Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(30));
        assertThatThrownBy(() -> DevStack.start(same, msg -> { }))
                .isInstanceOf(DevStackException.class)
                .hasMessageContaining("in use by another running dev stack");
    }

    @Test
    void cleansUpLeftoversOfAKilledRunAndFreesEveryPortOnClose(@TempDir Path dir) throws Exception {
        // A process recorded by an earlier run that was killed before it could clean up.
        Process leftover = new ProcessBuilder("sleep", "300").start();
        long start = leftover.toHandle().info().startInstant().map(Instant::toEpochMilli).orElseThrow();
        Files.writeString(dir.resolve("devstack.pids"), "anvil " + leftover.pid() + " " + start + "\n");

        DevStackConfig cfg = DevStackConfig.forTests(dir);
        DevStackConfig light = new DevStackConfig(cfg.dataDir(), cfg.kafkaPort(), cfg.controllerPort(), cfg.registryPort(),
                cfg.anvilPort(), cfg.chainId(), true, false, true, Optional.empty(), cfg.brokerOverrides(), Optional.empty(),
                Optional.empty(), cfg.startTimeout());
        List<Long> pids;
        try (DevStack stack = DevStack.start(light, msg -> { })) {
            assertThat(leftover.isAlive()).as("leftover from the killed run").isFalse();
            pids = stack.childPids();
            assertThat(pids).hasSize(2);
            assertThat(Ports.isListening(light.kafkaPort())).isTrue();
            assertThat(Ports.isListening(light.anvilPort())).isTrue();
            assertThat(Files.readString(dir.resolve("devstack.pids"))).contains(Long.toString(pids.get(0)));
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child " + pid).isFalse();
        }
        assertThat(Ports.isListening(light.kafkaPort())).isFalse();
        assertThat(Ports.isListening(light.controllerPort())).isFalse();
        assertThat(Ports.isListening(light.anvilPort())).isFalse();
        assertThat(dir.resolve("devstack.pids")).doesNotExist();
    }

    private static DevStackConfig withPorts(DevStackConfig c, int kafkaPort) {
        return new DevStackConfig(c.dataDir(), kafkaPort, c.controllerPort(), c.registryPort(), c.anvilPort(), c.chainId(),
                c.wipe(), c.startRegistry(), c.startAnvil(), c.anvilBlockTime(), c.brokerOverrides(), c.registryJar(),
                c.anvilBinary(), c.startTimeout());
    }
}
