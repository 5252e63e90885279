package io.proofmesh.app;

import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.BrokerUnavailableException;
import io.proofmesh.platform.registry.SchemaRegistryException;
import io.proofmesh.settler.audit.AuditException;
import io.proofmesh.settler.audit.AuditProgress;
import io.proofmesh.settler.audit.EpochAudit;
import io.proofmesh.settler.audit.EpochAuditReport;
import io.proofmesh.settler.chain.ChainCallException;
import io.proofmesh.settler.chain.ChainUnavailableException;
import io.proofmesh.settler.service.SettlerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code proofmesh audit}: recompute settled epochs from the raw topics and compare with what was recorded and posted. */
@Command(name = "audit",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Independently recompute what was paid for one or more settled epochs and compare it with what",
            "the pipeline recorded and posted on-chain. Nothing is trusted but the raw topics, the signed",
            "scoring policy and the chain:",
            "",
            "  1. scores: every NodeEpochScore of the epoch is recomputed from the raw input topics",
            "     (heartbeats, capacity, probes, job results and verifications, nodes.registry, clock ticks)",
            "     up to the offsets in the epoch's epochs.closed markers, with the processor's own rules and",
            "     the governance-signed policy, and compared with scores.epoch field by field;",
            "  2. rewards: the batch is rebuilt from those RECOMPUTED scores with the settler's own builder",
            "     (allocation, reward table, Merkle tree over cumulative amounts; carried-in emission and",
            "     earlier cumulative amounts from the previous batch; payout addresses as recorded, checked",
            "     against nodes.registry at the batch's creation) and compared with rewards.batches (every",
            "     header field but createdAt/settlerId) and with every node's rewards.entries record (the",
            "     latest per node, as compaction keeps it);",
            "  3. chain: RewardDistributor.roots(epoch) must hold the rebuilt root, totalCumulative and",
            "     header digest and not be revoked; the CONFIRMED settlement tx must exist in its block.",
            "",
            "Give the deployment's settings as the processor and settler have them: epoch.genesis/length/",
            "grace, network.*, scoring.governance-address (via --config or --set), and --distributor.",
            "",
            "Output: a progress bar on stderr; per epoch a one-line verdict and, for anything that differs,",
            "the node, the field, the expected and the recorded value. --csv writes one row per node and",
            "epoch (payout, recorded and recomputed amounts and cumulative amounts, score, status) for finance.",
            "",
            "Exit status: 0 every audited epoch is clean; 1 a difference was found (see the lines above it);",
            "2 bad arguments or settings, an epoch that cannot be audited (not closed, not settled), or",
            "Kafka, the registry or the chain could not be reached.",
        },
        footer = {"", "Examples:",
            "  proofmesh audit --epoch 4242 --distributor 0x5fbd…0aa3 --config prod.properties",
            "  proofmesh audit --from 4200 --to 4242 --distributor 0x5fbd…0aa3 --csv rewards-4200-4242.csv",
            "  proofmesh audit --epoch 4242 --distributor 0x5fbd…0aa3 --processor-id streams-a \\",
            "      --set epoch.genesis=2026-01-01T00:00:00Z --set epoch.length=1h"})
final class AuditCommand implements Callable<Integer> {

    static final int EXIT_CLEAN = 0;
    static final int EXIT_DIFFERENCES = 1;
    static final int EXIT_USAGE = 2;

    @Mixin
    ConfigOptions config;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--epoch", paramLabel = "N", description = "The epoch to audit.")
    Long epoch;

    @Option(names = "--from", paramLabel = "A", description = "First epoch of a range to audit (with --to).")
    Long from;

    @Option(names = "--to", paramLabel = "B", description = "Last epoch of the range, inclusive.")
    Long to;

    @Option(names = "--distributor", paramLabel = "0xADDRESS",
            description = "The RewardDistributor whose settlement to audit (default: settler.distributor-address).")
    String distributor;

    @Option(names = "--processor-id", paramLabel = "ID",
            description = "Whose epochs.closed markers to audit, if several processors closed the epoch (their streams.instance-id).")
    String processorId;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per node and epoch to FILE (with a header).")
    Path csv;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<Long> epochs = epochs(err);
        if (epochs == null) {
            return EXIT_USAGE;
        }
        if (distributor != null) {
            config.overrides.put(SettlerSettings.DISTRIBUTOR, distributor);
        }
        List<String> rows = new ArrayList<>();
        int unclean = 0;
        try {
            Settings s = config.settings(Map.of(), connection);
            try (EpochAudit audit = EpochAudit.connect(s)) {
                out.println("auditing " + (epochs.size() == 1 ? "epoch " + epochs.get(0)
                        : "epochs " + epochs.get(0) + ".." + epochs.get(epochs.size() - 1)) + " of RewardDistributor "
                        + audit.distributorAddress());
                for (long e : epochs) {
                    ProgressBar bar = new ProgressBar(err, e);
                    EpochAuditReport report;
                    try {
                        report = audit.audit(e, processorId, bar);
                    } finally {
                        bar.done();
                    }
                    out.print(report.summary());
                    rows.addAll(report.csvRows());
                    if (!report.clean()) {
                        unclean++;
                    }
                }
            }
        } catch (ConfigException | AuditException | BrokerUnavailableException | SchemaRegistryException
                 | ChainUnavailableException | ChainCallException e) {
            err.println("proofmesh audit: " + e.getMessage());
            writeCsv(rows, err);
            return EXIT_USAGE;
        }
        if (!writeCsv(rows, err)) {
            return EXIT_USAGE;
        }
        if (unclean == 0) {
            out.println("all " + epochs.size() + " audited epoch(s) are clean: scores, rewards and chain agree with the "
                    + "recomputation");
            return EXIT_CLEAN;
        }
        out.println(unclean + " of " + epochs.size() + " audited epoch(s) have differences: see the lines above (node, "
                + "field, expected vs recorded)" + (csv == null ? "; --csv FILE writes every node's amounts" : " and " + csv)
                + "; PROTOCOL.md §12.6 and §14 say what each field is and how it is computed");
        return EXIT_DIFFERENCES;
    }

    /** The epochs asked for, or null after printing what is wrong. */
    private List<Long> epochs(PrintStream err) {
        if (epoch != null && (from != null || to != null)) {
            err.println("proofmesh audit: give either --epoch N or --from A --to B, not both");
            return null;
        }
        if (epoch == null && (from == null || to == null)) {
            err.println("proofmesh audit: say which epochs to audit: --epoch N, or --from A --to B (see --help)");
            return null;
        }
        long a = epoch != null ? epoch : from;
        long b = epoch != null ? epoch : to;
        if (a < 0 || b < a) {
            err.println("proofmesh audit: --from must be >= 0 and <= --to, got " + a + ".." + b);
            return null;
        }
        if (b - a >= 10_000) {
            err.println("proofmesh audit: " + (b - a + 1) + " epochs at once is too many; audit at most 10000 per run");
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (long e = a; e <= b; e++) {
            out.add(e);
        }
        return out;
    }

    private boolean writeCsv(List<String> rows, PrintStream err) {
        if (csv == null) {
            return true;
        }
        List<String> lines = new ArrayList<>();
        lines.add(EpochAuditReport.CSV_HEADER);
        lines.addAll(rows);
        try {
            Files.write(csv, lines, StandardCharsets.UTF_8);
            err.println("wrote " + rows.size() + " row(s) to " + csv);
            return true;
        } catch (IOException e) {
            err.println("proofmesh audit: cannot write --csv " + csv + ": " + e.getMessage());
            return false;
        }
    }

    /** A one-line progress bar on stderr, redrawn at most every 200 ms. */
    private static final class ProgressBar implements AuditProgress {

        private static final int WIDTH = 30;
        private final PrintStream err;
        private final long epoch;
        private long lastDraw;
        private boolean drawn;

        ProgressBar(PrintStream err, long epoch) {
            this.err = err;
            this.epoch = epoch;
        }

        @Override
        public void progress(long read, long total, String what) {
            long now = System.nanoTime();
            boolean finished = total > 0 && read >= total;
            if (drawn && !finished && now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            drawn = true;
            int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, read * WIDTH / total);
            err.print("\repoch " + epoch + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + read + "/" + total
                    + " records  " + what + "   ");
            err.flush();
        }

        void done() {
            if (drawn) {
                err.println();
            }
        }
    }
}
