package io.proofmesh.settler.audit;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.EpochSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.scoring.epoch.LatenessRule;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What the score audit must know of the deployment: the same keys, defaults and meaning as the
 * processor's ({@code epoch.*}, {@code scoring.*}, {@code network.*}) and ingest's clock-skew
 * window, which bounds how early an event of an epoch can have been appended.
 *
 * @param schedule           the deployment's epochs
 * @param closeMargin        {@code scoring.close-margin}
 * @param firstEpoch         {@code scoring.first-epoch}
 * @param dedupeRetainEpochs {@code scoring.dedupe-retain-epochs}
 * @param governanceAddress  {@code scoring.governance-address}: the only key whose policies count
 * @param network            {@code network.name}
 * @param chainId            {@code network.chain-id}
 * @param maxClockSkew       {@code ingest.max-clock-skew}
 */
public record AuditSettings(EpochSchedule schedule, Duration closeMargin, long firstEpoch, int dedupeRetainEpochs,
                            String governanceAddress, String network, long chainId, Duration maxClockSkew) {

    public static final String CLOSE_MARGIN = "scoring.close-margin";
    public static final String FIRST_EPOCH = "scoring.first-epoch";
    public static final String DEDUPE_RETAIN = "scoring.dedupe-retain-epochs";
    public static final String GOVERNANCE = "scoring.governance-address";
    public static final String MAX_CLOCK_SKEW = "ingest.max-clock-skew";
    /** The processor's defaults (StreamsSettings): the dev governance key is trusted on the devnet only. */
    static final String DEVNET = "proofmesh-devnet";
    static final String DEVNET_GOVERNANCE = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720";

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

    public AuditSettings {
        if (!ADDRESS.matcher(governanceAddress).matches()) {
            throw new ConfigException("setting '" + GOVERNANCE + "' must be the lower-case 0x address of the governance key "
                    + "that signs scoring policies, the same as the processor's (only network '" + DEVNET
                    + "' has a default), got '" + governanceAddress + "'");
        }
        if (dedupeRetainEpochs < 1 || closeMargin.isNegative() || maxClockSkew.isNegative()) {
            throw new ConfigException("'" + DEDUPE_RETAIN + "' must be >= 1, '" + CLOSE_MARGIN + "' and '" + MAX_CLOCK_SKEW
                    + "' >= 0");
        }
    }

    public static AuditSettings from(Settings s) {
        String network = s.get(CommonSettings.NETWORK_NAME, DEVNET);
        String governance = s.find(GOVERNANCE).filter(v -> !v.isBlank())
                .orElse(DEVNET.equals(network) ? DEVNET_GOVERNANCE : "");
        EpochSettings epochs = EpochSettings.from(s);
        return new AuditSettings(new EpochSchedule(epochs.genesisMillis(), epochs.lengthMillis(), epochs.graceMillis()),
                s.getDuration(CLOSE_MARGIN, Duration.ofSeconds(2)), s.getLong(FIRST_EPOCH, 0), s.getInt(DEDUPE_RETAIN, 2),
                governance.toLowerCase(), network, s.getLong(CommonSettings.NETWORK_CHAIN_ID, 31337),
                s.getDuration(MAX_CLOCK_SKEW, Duration.ofMinutes(5)));
    }

    public LatenessRule lateness() {
        return new LatenessRule(schedule, closeMargin.toMillis());
    }

    /**
     * Where reading an epoch's inputs starts: an event of epoch e is appended no earlier than
     * start(e) − skew, and the job-id check looks one epoch back.
     */
    public long lookbackStart(long epoch) {
        return schedule.startOf(epoch - 1) - maxClockSkew.toMillis();
    }
}
