package io.proofmesh.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.platform.devstack.ToolLocator;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Merkle tree built by OpenZeppelin's npm {@code @openzeppelin/merkle-tree} (src/test/js/merkle-tree.cjs),
 * independent of any project code: the contract tests claim with its root and proofs.
 */
record ReferenceTree(String root, List<Leaf> leaves, List<List<String>> proofs) {

    record Leaf(String nodeId, String payout, BigInteger cumulativeAmount, String detailsDigest) { }

    private static final ObjectMapper JSON = new ObjectMapper();

    static ReferenceTree of(List<Leaf> leaves) {
        try {
            Path root = ToolLocator.repoRoot().orElseThrow(() -> new IllegalStateException("repository root not found"));
            Path input = Files.createTempFile("merkle-leaves", ".json");
            List<List<String>> values = new ArrayList<>();
            for (Leaf l : leaves) {
                values.add(List.of(l.nodeId(), l.payout(), l.cumulativeAmount().toString(), l.detailsDigest()));
            }
            JSON.writeValue(input.toFile(), values);
            Process p = new ProcessBuilder("node", root.resolve("contracts/src/test/js/merkle-tree.cjs").toString(),
                    input.toString(), root.resolve("node_modules").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("merkle-tree.cjs failed: " + out);
            }
            Files.delete(input);
            JsonNode tree = JSON.readTree(out);
            List<List<String>> proofs = new ArrayList<>();
            tree.get("proofs").forEach(proof -> {
                List<String> siblings = new ArrayList<>();
                proof.forEach(s -> siblings.add(s.asText()));
                proofs.add(List.copyOf(siblings));
            });
            return new ReferenceTree(tree.get("root").asText(), List.copyOf(leaves), List.copyOf(proofs));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    BigInteger total() {
        return leaves.stream().map(Leaf::cumulativeAmount).reduce(BigInteger.ZERO, BigInteger::add);
    }

    Leaf leaf(int i) {
        return leaves.get(i);
    }

    List<String> proof(int i) {
        return proofs.get(i);
    }
}
