package io.proofmesh.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.devstack.ToolLocator;
import io.proofmesh.scoring.merkle.RewardLeaf;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The raw ceiling of {@code bench settle}: OpenZeppelin's {@code StandardMerkleTree.of} (the
 * reference implementation our tree must equal, npm @openzeppelin/merkle-tree) in node over the
 * same leaves. Only the build is timed (node reads the leaves file first).
 */
public final class OzMerkleTreeRun {

    private static final String SCRIPT = "oz-merkle-tree.cjs";

    /** @param millis StandardMerkleTree.of wall time; @param root its root, 0x hex */
    public record Result(int leaves, double millis, String root) {
        public double leavesPerSecond() {
            return leaves / (millis / 1e3);
        }
    }

    private OzMerkleTreeRun() {
    }

    public static Result run(List<RewardLeaf> leaves, Path workDir) throws IOException, InterruptedException {
        Path nodeModules = ToolLocator.repoRoot().map(r -> r.resolve("node_modules"))
                .filter(p -> Files.isDirectory(p.resolve("@openzeppelin").resolve("merkle-tree")))
                .orElseThrow(() -> new IOException("@openzeppelin/merkle-tree is not installed: run `npm ci` in the repository"
                        + " (or skip the ceiling with --oz-nodes 0)"));
        Path script = workDir.resolve(SCRIPT);
        try (InputStream in = OzMerkleTreeRun.class.getResourceAsStream(SCRIPT)) {
            Files.write(script, in.readAllBytes());
        }
        Path file = workDir.resolve("leaves.csv");
        HexFormat hex = HexFormat.of();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (RewardLeaf l : leaves) {
                w.write(l.nodeId());
                w.write(',');
                w.write(l.payout());
                w.write(',');
                w.write(l.cumulativeAmount().toString());
                w.write(",0x");
                w.write(hex.formatHex(l.detailsDigest()));
                w.write('\n');
            }
        }
        Path log = workDir.resolve("node.log");
        Process p = new ProcessBuilder("node", "--max-old-space-size=6144", script.toString(), nodeModules.toString(), file.toString())
                .redirectError(log.toFile()).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("node failed building the OpenZeppelin tree (exit " + p.exitValue() + "); see " + log);
        }
        JsonNode json = new ObjectMapper().readTree(new String(stdout, StandardCharsets.UTF_8).trim());
        Files.deleteIfExists(file);
        return new Result(json.get("leaves").asInt(), json.get("millis").asDouble(), json.get("root").asText());
    }
}
