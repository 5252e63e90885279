package io.proofmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proofmesh bench settle} as a user runs it, on 2,000 nodes: every phase prints its figures,
 * the root posted on its anvil is the tree's root and OpenZeppelin's JS library computes the same
 * root over the same leaves, every claim of each kind used positive gas, and the summary table has
 * every row. Not a timing test.
 */
@Tag("integration")
class BenchSettleIT {

    private static final Pattern HEX32 = Pattern.compile("0x[0-9a-f]{64}");

    @Test
    void benchSettlePostsTheTreeRootAndReportsClaimGas(@TempDir Path dir) throws Exception {
        try (CliProcess bench = CliProcess.start(dir, "bench", "settle", "--nodes", "2000", "--runs", "2", "--claims", "9",
                "--proofs", "5000", "--oz-nodes", "2000")) {
            int exit = bench.waitFor(Duration.ofMinutes(5));
            String out = bench.output();
            assertThat(exit).as("bench exit code; output:\n%s", out).isZero();
            List<String> lines = bench.lines();

            // (a) a warm-up and two timed runs over all 2,000 nodes, every node a leaf
            assertThat(lines.stream().filter(l -> l.matches("\\s+(warm-up|run \\d)\\s+allocate\\s+\\d+ ms, table \\+ tree\\s+\\d+ ms"
                    + " \\(tree alone\\s+\\d+ ms\\), 2,000 leaves, [\\d,]+ paid; CPU [\\d.]+ s in [\\d.]+ s wall, GC [\\d.]+ s"))).hasSize(3);
            String treeRoot = group(out, "median: allocate \\d+ ms, table \\+ tree \\d+ ms \\(tree alone \\d+ ms\\); root (0x[0-9a-f]{64})");

            // (c) the root on chain is the tree's, and OpenZeppelin's reference library agrees with both
            String chainRoot = group(out, "postRoot\\(epoch 100\\)\\s+[\\d,]+ gas; root on chain (0x[0-9a-f]{64}) equals the tree's");
            assertThat(chainRoot).isEqualTo(treeRoot);
            String ozRoot = group(out, "OpenZeppelin JS\\s+\\d+ ms for 2,000 leaves \\([\\d,]+ leaves/s\\), root (0x[0-9a-f]{64})");
            assertThat(ozRoot).isEqualTo(treeRoot);
            assertThat(HEX32.matcher(treeRoot).matches()).isTrue();
            assertThat(Long.parseLong(group(out, "postRoot\\(epoch 100\\)\\s+([\\d,]+) gas").replace(",", ""))).isPositive();

            // claims: 3 into empty payouts, 3 into payouts holding tokens, 3 again after epoch 101, each with positive gas
            Map<String, List<Long>> gasByKind = new TreeMap<>();
            Matcher claim = Pattern.compile("claim (first claim, empty payout|first claim, payout holds tokens|second-epoch claim)"
                    + "\\s+0x[0-9a-f]{40}\\s+([\\d,]+) gas \\(1[01] siblings\\)$", Pattern.MULTILINE).matcher(out);
            while (claim.find()) {
                gasByKind.computeIfAbsent(claim.group(1), k -> new ArrayList<>()).add(Long.parseLong(claim.group(2).replace(",", "")));
            }
            assertThat(gasByKind).containsOnlyKeys("first claim, empty payout", "first claim, payout holds tokens", "second-epoch claim");
            gasByKind.values().forEach(g -> assertThat(g).hasSize(3).allMatch(x -> x > 21_000));
            // storing into empty slots (claimed[node], the payout's balance) costs more than updating them
            assertThat(gasByKind.get("second-epoch claim").get(0)).isLessThan(gasByKind.get("first claim, empty payout").get(0));
            assertThat(out).doesNotContain("is not the leaf's cumulative amount");

            // the summary table
            assertThat(lines).anyMatch(l -> l.matches("\\| allocation \\(RewardAllocator.allocate\\) \\| 2000 \\| \\d+ ms \\|.*"));
            assertThat(lines).anyMatch(l -> l.matches("\\| reward table \\+ Merkle tree \\(RewardTable.build\\) \\| 2000 \\| \\d+ ms \\|.*"));
            assertThat(lines).anyMatch(l -> l.matches("\\| allocation \\+ table \\+ tree \\| 2000 \\| \\d+ ms \\| < 5,000 ms at 1,000,000 \\|"
                    + " not judged below 1,000,000 nodes \\|"));
            assertThat(lines).anyMatch(l -> l.matches("\\| proofs \\| 2000 \\| [\\d,]*[1-9][\\d,]*/s \\| \\| \\+ verify: [\\d,]*[1-9][\\d,]*/s \\|"));
            assertThat(lines).anyMatch(l -> l.matches("\\| postRoot gas \\| 2000 \\| [\\d,]+ \\| \\| root on chain equals the tree root \\|"));
            assertThat(lines).anyMatch(l -> l.matches("\\| claim gas, all \\| 2000 \\| [\\d,]+ \\| ≤ 90,000 \\| min [\\d,]+, max [\\d,]+, 9 claims;.*"));
            assertThat(lines).anyMatch(l -> l.matches("\\| OpenZeppelin StandardMerkleTree.of \\(JS, ceiling\\) \\| 2000 \\| \\d+ ms \\| \\|"
                    + " [\\d,]+ leaves/s, root equal \\|"));
            assertThat(out).containsPattern("ratio Java ÷ OpenZeppelin JS \\(leaves/s\\)\\s+\\d+\\.\\d");
            assertThat(out).contains("bench OK: every phase ran, the posted root is the tree's and every claim paid its leaf");
        }
    }

    @Test
    void helpExplainsTheOptions() {
        CliOutput help = CliOutput.run("bench", "settle", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--nodes").contains("--claims").contains("--runs").contains("--oz-nodes")
                .contains("--chain-rpc-url").contains("RewardAllocator.allocate").contains("proofmesh bench settle");
    }

    private static String group(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as("a line matching %s in:%n%s", regex, out).isTrue();
        return m.group(1);
    }
}
