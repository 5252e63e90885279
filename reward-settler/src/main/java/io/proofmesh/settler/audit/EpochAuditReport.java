package io.proofmesh.settler.audit;

import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything the full audit of one epoch found: the scores (recomputed from the raw topics), the
 * rewards (batch rebuilt from those scores, compared with {@code rewards.batches} and every
 * {@code rewards.entries} record) and the chain (the distributor's root and the settlement tx).
 *
 * @param scores           the score audit
 * @param distributor      the RewardDistributor of the audited deployment
 * @param recorded         the batch header on {@code rewards.batches} (null if the epoch has none)
 * @param rebuilt          the header rebuilt from the recomputed scores (null if it could not be rebuilt)
 * @param rewardProblems   why the rewards could not be compared or rebuilt (e.g. no batch, inconsistent inputs)
 * @param batchDifferences header fields (all but createdAt and settlerId) that differ, expected vs recorded
 * @param entries          per node of the rebuilt or recorded entries, in nodeId order
 * @param chainChecked     what was checked on-chain (one line, for the verdict)
 * @param chainProblems    what on-chain does not agree (root, total, digest, revoked, receipt, tx)
 * @param warnings         what is not a failure but an operator should know (e.g. a payout changed since)
 */
public record EpochAuditReport(long epoch, ScoreAuditReport scores, String distributor, RewardBatch recorded,
                               RewardBatch rebuilt, List<String> rewardProblems, List<FieldDifference> batchDifferences,
                               List<EntryVerdict> entries, String chainChecked, List<String> chainProblems,
                               List<String> warnings) {

    public static final String CSV_HEADER = "epoch,nodeId,payout,recordedAmount,recomputedAmount,recordedCumulative,"
            + "recomputedCumulative,scorePpm,status,differences";

    public EpochAuditReport {
        rewardProblems = List.copyOf(rewardProblems);
        batchDifferences = List.copyOf(batchDifferences);
        entries = List.copyOf(entries);
        chainProblems = List.copyOf(chainProblems);
        warnings = List.copyOf(warnings);
    }

    public boolean rewardsClean() {
        return rewardProblems.isEmpty() && batchDifferences.isEmpty()
                && entries.stream().allMatch(e -> e.status() == EntryVerdict.Status.MATCH);
    }

    /** Scores, rewards and chain all agree with the recomputation. */
    public boolean clean() {
        return scores.clean() && rewardsClean() && chainProblems.isEmpty();
    }

    public List<EntryVerdict> entriesWithStatus(EntryVerdict.Status status) {
        return entries.stream().filter(e -> e.status() == status).toList();
    }

    /** The one-line verdict of the epoch. */
    public String verdict() {
        long scoreMatches = scores.nodes().stream().filter(n -> n.status() == NodeVerdict.Status.MATCH).count();
        long entryMatches = entries.stream().filter(e -> e.status() == EntryVerdict.Status.MATCH).count();
        return (clean() ? "CLEAN" : "DIFFERENCES FOUND") + ": epoch " + epoch
                + " — scores " + (scores.clean() ? "ok" : "DIFFER") + " (" + scoreMatches + "/" + scores.nodes().size() + ")"
                + ", rewards " + (rewardsClean() ? "ok" : "DIFFER") + " (" + entryMatches + "/" + entries.size() + " entries"
                + (recorded == null ? "" : ", " + recorded.getTotalAmount() + " base units") + ")"
                + ", chain " + (chainProblems.isEmpty() ? "ok" : "DIFFERS") + " (" + chainChecked + ")";
    }

    /** The verdict, then every finding that is not a match (scores, rewards, chain), then warnings. */
    public String summary() {
        StringBuilder out = new StringBuilder(verdict()).append('\n');
        if (!scores.clean()) {
            scores.summary().lines().forEach(l -> out.append("  scores: ").append(l.strip()).append('\n'));
        } else {
            scores.warnings().forEach(w -> out.append("  warning (scores): ").append(w).append('\n'));
        }
        rewardProblems.forEach(p -> out.append("  rewards: ").append(p).append('\n'));
        batchDifferences.forEach(d -> out.append("  rewards: batch header ").append(d).append('\n'));
        for (EntryVerdict e : entries) {
            if (e.status() != EntryVerdict.Status.MATCH) {
                out.append("  rewards: ").append(e.status()).append(" entry of node ").append(e.nodeId()).append('\n');
                e.differences().forEach(d -> out.append("    ").append(d).append('\n'));
                e.notes().forEach(n -> out.append("    note: ").append(n).append('\n'));
            }
        }
        chainProblems.forEach(p -> out.append("  chain: ").append(p).append('\n'));
        warnings.forEach(w -> out.append("  warning: ").append(w).append('\n'));
        return out.toString();
    }

    /** One CSV line per node (no header; see {@link #CSV_HEADER}), for finance. */
    public List<String> csvRows() {
        List<String> rows = new ArrayList<>();
        for (EntryVerdict e : entries) {
            RewardEntry rec = e.recorded();
            RewardEntry exp = e.expected();
            String payout = rec != null ? rec.getPayoutAddress() : exp != null ? exp.getPayoutAddress() : "";
            String score = exp != null ? Integer.toString(exp.getScorePpm()) : rec != null ? Integer.toString(rec.getScorePpm()) : "";
            rows.add(String.join(",", List.of(Long.toString(epoch), e.nodeId(), payout,
                    rec == null ? "" : rec.getAmount(), exp == null ? "" : exp.getAmount(),
                    rec == null ? "" : rec.getCumulativeAmount(), exp == null ? "" : exp.getCumulativeAmount(),
                    score, e.status().name(),
                    csv(e.differences().stream().map(FieldDifference::toString).collect(Collectors.joining("; "))))));
        }
        return rows;
    }

    private static String csv(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
