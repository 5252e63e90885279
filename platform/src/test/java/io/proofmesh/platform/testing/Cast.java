package io.proofmesh.platform.testing;

import io.proofmesh.platform.devstack.ToolLocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Foundry's {@code cast} (from npm), the independent checker of signatures and hashes in tests. */
public final class Cast {

    /** Exit code and trimmed output (stdout and stderr together). */
    public record Result(int exit, String out) { }

    private Cast() {
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ToolLocator.castBinary().toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("cast " + String.join(" ", args) + " did not finish within 30 s");
        }
        return new Result(p.exitValue(), out);
    }
}
