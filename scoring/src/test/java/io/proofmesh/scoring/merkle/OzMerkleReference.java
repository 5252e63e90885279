package io.proofmesh.scoring.merkle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/js/oz-merkle.js} with the machine's {@code node} against the repository's
 * {@code node_modules/@openzeppelin/merkle-tree}: the reference implementation the tree must
 * agree with. Missing node or npm packages fail the test with what to do, never skip it.
 */
final class OzMerkleReference {

    static final String PACKAGE = "node_modules/@openzeppelin/merkle-tree/package.json";
    private static final String SCRIPT = "scoring/src/test/js/oz-merkle.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One case's result: root and, per entries() index, the leaf hash and proof, all 0x hex. */
    record Tree(String root, List<Entry> entries) {
    }

    record Entry(int index, String nodeId, String leafHash, List<String> proof) {
    }

    private OzMerkleReference() {
    }

    /** name → OZ's tree of the leaves, in the given order. */
    static Map<String, Tree> build(Map<String, List<RewardLeaf>> cases) throws IOException, InterruptedException {
        Path root = repoRoot();
        Path node = nodeBinary();
        List<Map<String, Object>> input = new ArrayList<>();
        cases.forEach((name, leaves) -> {
            List<List<String>> values = new ArrayList<>();
            for (RewardLeaf l : leaves) {
                values.add(List.of(l.nodeId(), l.payout(), l.cumulativeAmount().toString(),
                        "0x" + java.util.HexFormat.of().formatHex(l.detailsDigest())));
            }
            input.add(Map.of("name", name, "values", values));
        });
        Path in = Files.createTempFile("oz-merkle-cases", ".json");
        Path out = Files.createTempFile("oz-merkle-out", ".json");
        Path err = Files.createTempFile("oz-merkle-err", ".txt");
        try {
            JSON.writeValue(in.toFile(), input);
            ProcessBuilder pb = new ProcessBuilder(node.toString(), root.resolve(SCRIPT).toString(), in.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("NODE_PATH", root.resolve("node_modules").toString());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("node " + SCRIPT + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("node " + SCRIPT + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            Map<String, Tree> trees = new LinkedHashMap<>();
            for (JsonNode t : JSON.readTree(out.toFile())) {
                List<Entry> entries = new ArrayList<>();
                for (JsonNode e : t.get("entries")) {
                    List<String> proof = new ArrayList<>();
                    e.get("proof").forEach(h -> proof.add(h.asText()));
                    entries.add(new Entry(e.get("index").asInt(), e.get("nodeId").asText(), e.get("leafHash").asText(), proof));
                }
                trees.put(t.get("name").asText(), new Tree(t.get("root").asText(), entries));
            }
            return trees;
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The checkout holding node_modules/@openzeppelin/merkle-tree: the working directory or a parent. */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(PACKAGE)) && Files.isRegularFile(p.resolve(SCRIPT))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find " + PACKAGE + " above " + Path.of("").toAbsolutePath()
                + ": run `npm ci` in the repository root (it installs @openzeppelin/merkle-tree 1.0.8)");
    }

    static Path nodeBinary() {
        Optional<Path> found = Optional.empty();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "node");
            if (Files.isExecutable(p)) {
                found = Optional.of(p);
                break;
            }
        }
        return found.orElseThrow(() -> new IllegalStateException(
                "node is not on the PATH: install Node.js 18+ (CI does); the Merkle tree is checked against "
                        + "@openzeppelin/merkle-tree, which runs on node"));
    }
}
