package io.proofmesh.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.simulator.agent.NodeEvent;
import io.proofmesh.simulator.agent.TelemetryBody;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedNodeTest {

    @Test
    void profilesBehaveAsNamed() {
        for (int t = 0; t < 6; t++) {
            assertThat(SimulatedNode.action(NodeProfile.HONEST, t, false)).isEqualTo(SimulatedNode.Action.SEND);
            assertThat(SimulatedNode.action(NodeProfile.FORGER, t, true))
                    .isIn(SimulatedNode.Action.FORGE_WRONG_KEY, SimulatedNode.Action.FORGE_TAMPERED);
        }
        assertThat(SimulatedNode.action(NodeProfile.FLAKY, 0, false)).isEqualTo(SimulatedNode.Action.SEND);
        assertThat(SimulatedNode.action(NodeProfile.FLAKY, 3, false)).isEqualTo(SimulatedNode.Action.SKIP);
        assertThat(SimulatedNode.action(NodeProfile.FLAKY, 3, true)).isEqualTo(SimulatedNode.Action.SEND);
        assertThat(SimulatedNode.action(NodeProfile.REPLAYER, 0, true)).isEqualTo(SimulatedNode.Action.SEND);
        assertThat(SimulatedNode.action(NodeProfile.REPLAYER, 1, true)).isEqualTo(SimulatedNode.Action.REPLAY_FIRST);
        assertThat(SimulatedNode.action(NodeProfile.REPLAYER, 2, true)).isEqualTo(SimulatedNode.Action.REPLAY_FIRST);
        assertThat(SimulatedNode.action(NodeProfile.FORGER, 0, true)).isNotEqualTo(SimulatedNode.action(NodeProfile.FORGER, 1, true));
    }

    @Test
    void tamperingChangesOneDigitAndKeepsTheLength() {
        for (long uptime : new long[] {0, 1, 9, 99, 86_400}) {
            byte[] body = TelemetryBody.encode("proofmesh-devnet", 31337, "0x" + "ab".repeat(20), 1, 2,
                    List.of(new NodeEvent.Heartbeat(uptime, 1, 2, 3, "x")));
            byte[] forged = SimulatedNode.tamper(body);
            assertThat(forged).hasSameSizeAs(body).isNotEqualTo(body);
            int diff = 0;
            for (int i = 0; i < body.length; i++) {
                diff += body[i] != forged[i] ? 1 : 0;
            }
            assertThat(diff).isEqualTo(1);
            assertThat(new String(forged)).matches(".*\"uptimeSeconds\":[1-9][0-9]*,.*");
        }
    }

    @Test
    void skewedClocksAreFarOutsideTheWindowOthersAreTrue() {
        long now = System.currentTimeMillis();
        Clock ahead = FleetSimulator.clockFor(NodeProfile.SKEWED, 0);
        Clock behind = FleetSimulator.clockFor(NodeProfile.SKEWED, 1);
        assertThat(ahead.millis() - now).isGreaterThan(Duration.ofMinutes(14).toMillis());
        assertThat(now - behind.millis()).isGreaterThan(Duration.ofMinutes(14).toMillis());
        assertThat(Math.abs(FleetSimulator.clockFor(NodeProfile.HONEST, 0).millis() - now)).isLessThan(1000);
    }

    @Test
    void keysAreDeterministicPerSeedAndIndex() {
        assertThat(FleetKeys.nodeKey(1, 5).address()).isEqualTo(FleetKeys.nodeKey(1, 5).address())
                .isNotEqualTo(FleetKeys.nodeKey(2, 5).address()).isNotEqualTo(FleetKeys.nodeKey(1, 6).address())
                .isNotEqualTo(FleetKeys.impostorKey(1, 5).address());
    }
}
