package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The deployment files at the repository root, checked without a Docker engine:
 * {@code docker-compose config} (which parses, validates against the Compose schema and
 * normalises the file) and cheap structural checks of the Dockerfile against the app's pom.
 *
 * <p>Needs the {@code docker-compose} binary (Debian's package, 1.29) or a {@code docker}
 * client with the compose v2 plugin. Without either the compose test fails on CI
 * ({@code CI=true}) and is skipped elsewhere.
 */
@Tag("integration")
class DockerComposeConfigIT {

    private static final Path ROOT = repoRoot();

    @Test
    void composeFileIsValidAndDefinesTheInfrastructure() throws Exception {
        List<String> compose = composeCommand().orElse(null);
        if (compose == null) {
            String reason = "neither `docker-compose` nor `docker compose` (v2 plugin) is on the PATH";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reason + ": install Debian's docker-compose package (.ci/run does this)");
            }
            Assumptions.assumeTrue(false, reason + "; skipping the docker-compose.yml validation "
                    + "(apt-get install docker-compose to run it)");
        }
        List<String> cmd = new ArrayList<>(compose);
        cmd.addAll(List.of("-f", ROOT.resolve("docker-compose.yml").toString(), "config"));
        Result r = run(cmd);

        assertThat(r.exitCode()).as("%s failed:%n%s", String.join(" ", cmd), r.stderr()).isZero();
        assertThat(r.stderr().lines().filter(DockerComposeConfigIT::isWarning).toList())
                .as("warnings from %s", String.join(" ", cmd)).isEmpty();

        Map<String, List<String>> services = services(r.stdout());
        assertThat(services).as("services in the normalised config:%n%s", r.stdout())
                .containsKeys("kafka", "schema-registry", "anvil", "topics-init", "ingest", "prober", "streams");
        assertThat(ports(services.get("ingest"))).contains("8080->8080");
        assertThat(ports(services.get("prober"))).contains("8085->8085");
        assertThat(ports(services.get("streams"))).contains("8082->8082");
        for (String s : List.of("ingest", "prober", "streams")) {
            assertThat(block(services.get(s), "healthcheck")).as("healthcheck of %s", s).anyMatch(l -> l.trim().startsWith("test:"));
        }
        // Secrets are passed by name from the host's environment, never written into the file.
        List<String> composeLines = java.nio.file.Files.readAllLines(ROOT.resolve("docker-compose.yml")).stream()
                .filter(l -> !l.trim().startsWith("#")).toList();
        assertThat(composeLines).contains("      - PROOFMESH_ADMIN_TOKEN", "      - PROOFMESH_INGEST_RECEIPT_KEY", "      - PROOFMESH_PROBER_KEY")
                .noneMatch(l -> l.matches(".*PROOFMESH_(ADMIN_TOKEN|INGEST_RECEIPT_KEY|PROBER_KEY)\\s*[=:].*"));

        assertThat(ports(services.get("kafka"))).contains("9092->9092");
        assertThat(ports(services.get("schema-registry"))).contains("8081->8080");
        assertThat(ports(services.get("anvil"))).contains("8545->8545");
        for (String s : List.of("kafka", "schema-registry", "anvil")) {
            assertThat(block(services.get(s), "healthcheck")).as("healthcheck of %s", s).anyMatch(l -> l.trim().startsWith("test:"));
            assertThat(scalar(services.get(s), "mem_limit")).as("mem_limit of %s", s).isPresent();
        }

        Map<String, String> kafkaEnv = mapping(block(services.get("kafka"), "environment"));
        assertThat(kafkaEnv.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS")).contains("//kafka:29092").contains("//localhost:9092");
        assertThat(kafkaEnv.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
        assertThat(kafkaEnv.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).isEqualTo("1");

        List<String> init = services.get("topics-init");
        String command = String.join(" ", block(init, "command"));
        assertThat(command).contains("topics").contains("--create").contains("kafka:29092");
        assertThat(String.join("\n", block(init, "depends_on"))).contains("kafka").contains("service_healthy");

        // The environment the proofmesh services get must mean what it says to the CLI's settings.
        Map<String, String> env = mapping(block(init, "environment"));
        CommonSettings common = CommonSettings.from(
                Settings.builder().defaults(CommonSettings.DEFAULTS).environment(env).build());
        assertThat(common.bootstrapServers()).isEqualTo("kafka:29092");
        assertThat(common.registryUrl()).isEqualTo("http://schema-registry:8080/apis/ccompat/v7");
        assertThat(common.chainRpcUrl()).isEqualTo("http://anvil:8545");
    }

    @Test
    void dockerfileBuildsTheCliImage() throws IOException {
        List<String> instructions = instructions(Files.readString(ROOT.resolve("Dockerfile"), StandardCharsets.UTF_8));
        List<String> froms = instructions.stream().filter(i -> keyword(i).equals("FROM")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).matches("(?i)FROM\\s+maven:3\\.9-eclipse-temurin-17\\s+AS\\s+build");
        assertThat(froms.get(1)).matches("FROM\\s+eclipse-temurin:17-jre");

        assertThat(instructions).anyMatch(i -> keyword(i).equals("RUN") && i.contains("mvn ")
                && i.contains("-pl app -am") && i.contains("!build-registry-app") && i.contains("!install-node-tools"));

        // The runtime stage copies what app/pom.xml builds: target/<finalName>.jar plus its lib/ class path.
        String pom = Files.readString(ROOT.resolve("app/pom.xml"), StandardCharsets.UTF_8);
        assertThat(pom).contains("<finalName>proofmesh</finalName>").contains("<classpathPrefix>lib/</classpathPrefix>");
        List<String> copies = instructions.stream().filter(i -> i.startsWith("COPY --from=build")).toList();
        assertThat(copies).anyMatch(c -> c.contains("app/target/proofmesh.jar") && c.endsWith("/opt/proofmesh/proofmesh.jar"));
        assertThat(copies).anyMatch(c -> c.contains("app/target/lib/") && c.endsWith("/opt/proofmesh/lib/"));

        String entrypoint = last(instructions, "ENTRYPOINT");
        assertThat(entrypoint.replace(" ", "")).startsWith("ENTRYPOINT[\"java\"")
                .contains("\"-jar\",\"/opt/proofmesh/proofmesh.jar\"");
        assertThat(last(instructions, "USER")).doesNotContainIgnoringCase("root").doesNotMatch("USER\\s+0(:.*)?");
        assertThat(last(instructions, "EXPOSE").split("\\s+")).contains("8080", "8082", "8083", "8084", "8085");
        assertThat(instructions).contains("ENV PROOFMESH_HOME=/opt/proofmesh");

        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::trim).toList();
        assertThat(ignored).contains("**/target/", "**/node_modules/", ".proofmesh/", ".git/");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Path repoRoot() {
        String property = System.getProperty("proofmesh.repo.root");
        if (property != null && !property.isBlank() && Files.isRegularFile(Path.of(property, "docker-compose.yml"))) {
            return Path.of(property).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker-compose.yml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath()
                + " (and -Dproofmesh.repo.root=" + property + " has none)");
    }

    /** {@code docker-compose} (1.29, Debian) or else {@code docker compose} (v2 plugin). */
    private static Optional<List<String>> composeCommand() throws Exception {
        if (onPath("docker-compose")) {
            return Optional.of(List.of("docker-compose"));
        }
        if (onPath("docker") && run(List.of("docker", "compose", "version")).exitCode() == 0) {
            return Optional.of(List.of("docker", "compose"));
        }
        return Optional.empty();
    }

    private static boolean onPath(String binary) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(List<String> cmd) throws Exception {
        Path out = Files.createTempFile("compose", ".out");
        Path err = Files.createTempFile("compose", ".err");
        try {
            Process p = new ProcessBuilder(cmd).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** docker-compose 1.x prints {@code WARNING: ...}; compose v2 {@code WARN[0000] ...} or {@code level=warning}. */
    private static boolean isWarning(String line) {
        String l = line.trim().toLowerCase(Locale.ROOT);
        return l.startsWith("warning") || l.startsWith("warn[") || l.contains("level=warning");
    }

    /** The lines of each service under the top-level {@code services:} key, by name. */
    private static Map<String, List<String>> services(String config) {
        List<String> lines = config.lines().filter(l -> !l.isBlank()).toList();
        Map<String, List<String>> services = new LinkedHashMap<>();
        int i = lines.indexOf("services:");
        assertThat(i).as("top-level services: in%n%s", config).isGreaterThanOrEqualTo(0);
        String current = null;
        for (String line : lines.subList(i + 1, lines.size())) {
            int indent = indent(line);
            if (indent == 0) {
                break;
            }
            if (current == null || indent <= indentOfServiceNames(lines, i)) {
                current = unquote(line.trim().replaceAll(":$", ""));
                services.put(current, new ArrayList<>());
            } else {
                services.get(current).add(line);
            }
        }
        return services;
    }

    private static int indentOfServiceNames(List<String> lines, int servicesLine) {
        return indent(lines.get(servicesLine + 1));
    }

    /** The lines below {@code key:} in a service (its block), or [value] for {@code key: value}. */
    private static List<String> block(List<String> service, String key) {
        for (int i = 0; i < service.size(); i++) {
            String line = service.get(i);
            String t = line.trim();
            if (!t.startsWith(key + ":")) {
                continue;
            }
            int indent = indent(line);
            if (indent != indent(service.get(0))) {
                continue;
            }
            String inline = t.substring(key.length() + 1).trim();
            if (!inline.isEmpty()) {
                return List.of(inline);
            }
            List<String> body = new ArrayList<>();
            for (String next : service.subList(i + 1, service.size())) {
                int n = indent(next);
                if (n < indent || (n == indent && !next.trim().startsWith("- "))) {
                    break;
                }
                body.add(next);
            }
            return body;
        }
        return List.of();
    }

    private static Optional<String> scalar(List<String> service, String key) {
        List<String> b = block(service, key);
        return b.size() == 1 && !b.get(0).startsWith(" ") ? Optional.of(unquote(b.get(0))) : Optional.empty();
    }

    /** {@code KEY: value} lines of a block (environment), quotes removed. */
    private static Map<String, String> mapping(List<String> block) {
        Map<String, String> m = new LinkedHashMap<>();
        int base = block.isEmpty() ? 0 : indent(block.get(0));
        for (String line : block) {
            Matcher kv = Pattern.compile("^\\s*([^:\\s]+):\\s*(.*)$").matcher(line);
            if (indent(line) == base && kv.matches()) {
                m.put(unquote(kv.group(1)), unquote(kv.group(2)));
            }
        }
        return m;
    }

    /**
     * Published ports as "host->container": the long syntax compose normalises to (1.29:
     * {@code - published: 9092 / target: 9092}; v2 adds mode and protocol and quotes the
     * published port) or a short {@code "9092:9092"} entry.
     */
    private static List<String> ports(List<String> service) {
        List<String> result = new ArrayList<>();
        Map<String, String> entry = null;
        for (String line : block(service, "ports")) {
            String t = line.trim();
            if (t.startsWith("- ")) {
                addPort(result, entry);
                t = t.substring(2).trim();
                entry = new LinkedHashMap<>();
                Matcher shortForm = Pattern.compile("^[\"']?(?:[\\d.]+:)?(\\d+):(\\d+)(?:/\\w+)?[\"']?$").matcher(t);
                if (shortForm.matches()) {
                    entry.put("published", shortForm.group(1));
                    entry.put("target", shortForm.group(2));
                    continue;
                }
            }
            Matcher kv = Pattern.compile("^([\\w_]+):\\s*(.*)$").matcher(t);
            if (entry != null && kv.matches()) {
                entry.put(kv.group(1), unquote(kv.group(2)));
            }
        }
        addPort(result, entry);
        return result;
    }

    private static void addPort(List<String> result, Map<String, String> entry) {
        if (entry != null && entry.containsKey("published") && entry.containsKey("target")) {
            result.add(entry.get("published") + "->" + entry.get("target"));
        }
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** Dockerfile instructions: comments dropped, continuation lines joined, whitespace collapsed. */
    private static List<String> instructions(String dockerfile) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : dockerfile.lines().toList()) {
            String line = raw.trim();
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            boolean continued = line.endsWith("\\");
            current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                result.add(current.toString().trim().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return result;
    }

    private static String keyword(String instruction) {
        return instruction.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    }

    private static String last(List<String> instructions, String keyword) {
        List<String> matching = instructions.stream().filter(i -> keyword(i).equals(keyword)).collect(Collectors.toList());
        assertThat(matching).as("%s instruction in the Dockerfile", keyword).isNotEmpty();
        return matching.get(matching.size() - 1);
    }
}
