package io.proofmesh.benchmarks;

import io.proofmesh.scoring.merkle.MerkleTree;
import io.proofmesh.scoring.merkle.RewardLeaf;
import io.proofmesh.scoring.policy.LatencyTier;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.scoring.reward.Allocation;
import io.proofmesh.scoring.reward.NodeShare;
import io.proofmesh.scoring.reward.RewardAllocator;
import io.proofmesh.scoring.reward.RewardRow;
import io.proofmesh.scoring.reward.RewardTable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settler's per-epoch work for a million nodes (PROTOCOL.md §14): the allocation alone, the
 * allocation plus reward table and Merkle tree, the tree alone over ready leaves (its ceiling is
 * 3n single-block keccaks: two per leaf, one per inner node) and one proof from a built tree.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class RewardSettlementBenchmark {

    @Param({"1000000"})
    public int nodes;

    private ScoringPolicy policy;
    private List<NodeShare> shares;
    private Map<String, String> payouts;
    private Map<String, byte[]> digests;
    private Map<String, Integer> scores;
    private Map<String, BigInteger> previous;
    private List<RewardLeaf> leaves;
    private MerkleTree tree;
    private String[] nodeIds;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        HexFormat hex = HexFormat.of();
        shares = new ArrayList<>(nodes);
        payouts = new HashMap<>(nodes * 2);
        digests = new HashMap<>(nodes * 2);
        scores = new HashMap<>(nodes * 2);
        previous = new HashMap<>();
        nodeIds = new String[nodes];
        byte[] a = new byte[20];
        for (int i = 0; i < nodes; i++) {
            random.nextBytes(a);
            String id = "0x" + hex.formatHex(a);
            nodeIds[i] = id;
            random.nextBytes(a);
            payouts.put(id, "0x" + hex.formatHex(a));
            byte[] d = new byte[32];
            random.nextBytes(d);
            digests.put(id, d);
            scores.put(id, random.nextInt(1_000_001));
            shares.add(new NodeShare(id, i % 10 != 0, 400_000 + random.nextInt(600_001),
                    random.nextInt(1_000_001), i % 3 == 0 ? 0 : random.nextInt(1_000_001)));
            if (i % 4 == 0) {
                previous.put(id, BigInteger.valueOf(random.nextInt(1_000_000)).multiply(BigInteger.TEN.pow(12)));
            }
        }
        policy = new ScoringPolicy("bench", 0, 30, List.of(new LatencyTier(50_000, 1_000_000)), 500_000,
                600_000, 400_000, 1_000_000, 1_000_000, 950_000, new BigInteger("1000000000000000000000000"), 0);
        RewardTable table = allocateAndBuild();
        leaves = new ArrayList<>(nodes);
        for (RewardRow row : table.rows()) {
            leaves.add(row.leaf());
        }
        tree = table.tree();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Allocation allocate() {
        return RewardAllocator.allocate(9, policy, BigInteger.ONE, shares);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RewardTable allocateAndBuild() {
        Allocation allocation = RewardAllocator.allocate(9, policy, BigInteger.ONE, shares);
        return RewardTable.build(allocation, previous, payouts, digests, scores);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public MerkleTree treeOnly() {
        return MerkleTree.of(leaves);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    public List<byte[]> proof() {
        next = (next + 7919) % nodes;
        return tree.proof(nodeIds[next]);
    }
}
