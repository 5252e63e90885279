package io.proofmesh.platform.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @Test
    void killsOnlyRecordedProcessesWhoseStartTimeStillMatches(@TempDir Path dir) throws Exception {
        Process ours = new ProcessBuilder("sleep", "300").start();
        Process stranger = new ProcessBuilder("sleep", "300").start();
        try {
            PidFile f = new PidFile(dir.resolve("devstack.pids"));
            f.add("anvil", ours.toHandle());
            // Same pid as a recorded one but another start time: a reused pid, must be left alone.
            Files.writeString(dir.resolve("devstack.pids"), "kafka " + stranger.pid() + " 12345\n",
                    java.nio.file.StandardOpenOption.APPEND);

            assertThat(f.killLeftovers()).extracting(PidFile.Entry::name).containsExactly("anvil");
            ours.waitFor();
            assertThat(ours.isAlive()).isFalse();
            assertThat(stranger.isAlive()).isTrue();
            assertThat(dir.resolve("devstack.pids")).doesNotExist();
        } finally {
            ours.destroyForcibly();
            stranger.destroyForcibly();
        }
    }
}
