package io.proofmesh.platform.devstack;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds what the DevStack runs besides Kafka: the Apicurio registry app built from
 * {@code devstack/registry-app} and the anvil binary installed by npm into {@code node_modules}.
 * The repository root is taken from {@code -Dproofmesh.repo.root}, {@code PROOFMESH_HOME},
 * the working directory or the location of this jar, whichever first holds the devstack folder.
 */
public final class ToolLocator {

    static final String REGISTRY_JAR = "devstack/registry-app/target/proofmesh-registry-runner.jar";
    private static final String MARKER = "devstack/registry-app/pom.xml";

    private ToolLocator() {
    }

    public static Optional<Path> repoRoot() {
        List<Path> starts = new ArrayList<>();
        Optional.ofNullable(System.getProperty("proofmesh.repo.root")).map(Path::of).ifPresent(starts::add);
        Optional.ofNullable(System.getenv("PROOFMESH_HOME")).map(Path::of).ifPresent(starts::add);
        starts.add(Path.of("").toAbsolutePath());
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve(MARKER))) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    public static Path registryJar(Optional<Path> override) {
        if (override.isPresent()) {
            return require(override.get(), "the schema registry jar (devstack.registry-jar)");
        }
        Path root = repoRoot().orElseThrow(() -> new DevStackException(
                "cannot find the proofmesh repository (looked for " + MARKER + " above the working directory "
                        + "and the jar); run from the repository or set PROOFMESH_HOME"));
        Path jar = root.resolve(REGISTRY_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new DevStackException("the schema registry app is not built (" + jar + " is missing). Build it with "
                    + "`mvn -f devstack/registry-app/pom.xml package -DskipTests` — `mvn install` at the root does this for you.");
        }
        return jar;
    }

    public static Path anvilBinary(Optional<Path> override) {
        return foundryTool("anvil", override, "devstack.anvil");
    }

    /** Foundry's cast, an independent checker of signatures, hashes and calls (tests, audits). */
    public static Path castBinary() {
        return foundryTool("cast", Optional.empty(), null);
    }

    /** A Foundry binary from npm ({@code node_modules/@foundry-rs/<tool>-<platform>/bin}), else from PATH. */
    private static Path foundryTool(String tool, Optional<Path> override, String setting) {
        if (override.isPresent()) {
            return require(override.get(), tool + " (" + setting + ")");
        }
        Optional<Path> root = repoRoot();
        if (root.isPresent()) {
            Path p = root.get().resolve("node_modules/@foundry-rs/" + tool + "-" + npmPlatform() + "/bin/" + tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new DevStackException(tool + " is not installed: run `npm ci` in the repository root (the Maven build does "
                + "this for you), install Foundry" + (setting == null ? "" : ", or set " + setting + " to the binary"));
    }

    private static Path require(Path p, String what) {
        if (!Files.isRegularFile(p)) {
            throw new DevStackException(what + " not found at " + p);
        }
        return p;
    }

    static String npmPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux";
        String a = arch.contains("aarch64") || arch.contains("arm64") ? "arm64" : "amd64";
        return o + "-" + a;
    }

    private static Optional<Path> codeLocation() {
        try {
            return Optional.of(Path.of(ToolLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
