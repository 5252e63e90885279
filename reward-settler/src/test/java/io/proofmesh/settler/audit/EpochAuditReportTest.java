package io.proofmesh.settler.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.rewards.RewardEntry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-node comparison of reward entries and the report's verdict and CSV rows. */
class EpochAuditReportTest {

    private static final String NODE = "0x" + "11".repeat(20);
    private static final String PAYOUT = "0x" + "22".repeat(20);

    @Test
    void entryComparisonNamesEachDifferingFieldWithBothValues() {
        RewardEntry honest = entry("100", "300", 0x01);
        RewardEntry forged = RewardEntry.newBuilder(entry("150", "300", 0x02)).build();

        List<FieldDifference> d = RewardComparison.differences(honest, forged, Set.of());

        assertThat(d).extracting(FieldDifference::field).containsExactly("amount", "leafHash");
        assertThat(d.get(0)).isEqualTo(new FieldDifference("amount", "100", "150"));
        assertThat(d.get(1).expected()).isEqualTo("0x" + "01".repeat(32));
        assertThat(RewardComparison.differences(honest, entry("100", "300", 0x01), Set.of())).isEmpty();
        assertThat(RewardComparison.differences(honest, forged, Set.of("amount", "leafHash"))).isEmpty();
    }

    @Test
    void aMismatchedEntryMakesTheEpochUncleanAndItsCsvRowQuotesTheDifferences() {
        RewardEntry honest = entry("100", "300", 0x01);
        RewardEntry forged = entry("150", "350", 0x01);
        EntryVerdict mismatch = new EntryVerdict(NODE, EntryVerdict.Status.MISMATCH, honest, forged,
                RewardComparison.differences(honest, forged, Set.of()), List.of());
        EpochAuditReport report = report(List.of(mismatch), List.of());

        assertThat(report.clean()).isFalse();
        assertThat(report.scores().clean()).isTrue();
        assertThat(report.verdict()).startsWith("DIFFERENCES FOUND: epoch 7").contains("rewards DIFFER (0/1 entries");
        assertThat(report.summary()).contains("MISMATCH entry of node " + NODE)
                .contains("amount: expected 100, recorded 150").contains("cumulativeAmount: expected 300, recorded 350");
        assertThat(report.csvRows()).containsExactly("7," + NODE + "," + PAYOUT + ",150,100,350,300,420000,MISMATCH,"
                + "\"amount: expected 100, recorded 150; cumulativeAmount: expected 300, recorded 350\"");
        assertThat(EpochAuditReport.CSV_HEADER.split(",")).hasSize(report.csvRows().get(0).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)").length);
    }

    @Test
    void matchingEntriesAreCleanButAChainFindingIsNot() {
        RewardEntry e = entry("100", "300", 0x01);
        EntryVerdict match = new EntryVerdict(NODE, EntryVerdict.Status.MATCH, e, e, List.of(), List.of());
        assertThat(report(List.of(match), List.of()).clean()).isTrue();
        assertThat(report(List.of(match), List.of()).verdict()).startsWith("CLEAN: epoch 7");
        EpochAuditReport revoked = report(List.of(match), List.of("the root of epoch 7 was revoked by governance"));
        assertThat(revoked.clean()).isFalse();
        assertThat(revoked.summary()).contains("chain: the root of epoch 7 was revoked");
    }

    private static EpochAuditReport report(List<EntryVerdict> entries, List<String> chain) {
        ScoreAuditReport scores = new ScoreAuditReport(7, "0x00", "p", 1, List.of(), List.of(), List.of(), 0, List.of());
        return new EpochAuditReport(7, scores, "0x" + "33".repeat(20), null, null, List.of(), List.of(), entries,
                "root posted", chain, List.of());
    }

    private static RewardEntry entry(String amount, String cumulative, int leafByte) {
        byte[] leaf = new byte[32];
        java.util.Arrays.fill(leaf, (byte) leafByte);
        return RewardEntry.newBuilder()
                .setEpoch(7).setNodeId(NODE).setPayoutAddress(PAYOUT).setAmount(amount).setCumulativeAmount(cumulative)
                .setAvailabilityAmount("0").setWorkAmount("0").setScorePpm(420_000)
                .setDetailsDigest(new Bytes32(new byte[32])).setLeafHash(new Bytes32(leaf)).setLeafIndex(0)
                .setPolicyHash(new Bytes32(new byte[32])).build();
    }
}
