package io.proofmesh.platform.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deployment's epoch constants as every service reads them (DESIGN.md "Epochs"):
 * {@code epoch.genesis} (ISO instant such as {@code 2026-01-01T00:00:00Z}, or UTC milliseconds),
 * {@code epoch.length} and {@code epoch.grace} (durations). They are deployment constants, so
 * every service of a deployment must be given the same three values; the scoring module's
 * {@code EpochSchedule} is built from them ({@code new EpochSchedule(genesisMillis(), lengthMillis(), graceMillis())}).
 *
 * @param genesisMillis start of epoch 0, UTC ms
 * @param length        epoch length (&gt; 0)
 * @param grace         how long after an epoch's end a record may still be appended and count, in [0, length)
 */
public record EpochSettings(long genesisMillis, Duration length, Duration grace) {

    public static final String GENESIS = "epoch.genesis";
    public static final String LENGTH = "epoch.length";
    public static final String GRACE = "epoch.grace";

    /** 2026-01-01T00:00:00Z — the same value as {@code EpochSchedule.DEFAULT_GENESIS_MILLIS} (scoring), checked by a test. */
    public static final long DEFAULT_GENESIS_MILLIS = 1_767_225_600_000L;
    public static final Duration DEFAULT_LENGTH = Duration.ofHours(1);
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(GENESIS, Instant.ofEpochMilli(DEFAULT_GENESIS_MILLIS).toString());
        m.put(LENGTH, "1h");
        m.put(GRACE, "5m");
        return Map.copyOf(m);
    }

    public EpochSettings {
        if (length.isNegative() || length.isZero()) {
            throw new ConfigException("setting '" + LENGTH + "' must be a positive duration, got " + length);
        }
        if (grace.isNegative() || grace.compareTo(length) >= 0) {
            throw new ConfigException("setting '" + GRACE + "' must be at least 0 and shorter than '" + LENGTH + "' ("
                    + length + "), got " + grace);
        }
    }

    public static EpochSettings from(Settings s) {
        long genesis = s.find(GENESIS).map(EpochSettings::parseGenesis).orElse(DEFAULT_GENESIS_MILLIS);
        return new EpochSettings(genesis, s.getDuration(LENGTH, DEFAULT_LENGTH), s.getDuration(GRACE, DEFAULT_GRACE));
    }

    public long lengthMillis() {
        return length.toMillis();
    }

    public long graceMillis() {
        return grace.toMillis();
    }

    static long parseGenesis(String value) {
        String v = value.trim();
        if (v.matches("-?[0-9]{1,19}")) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        } else {
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                // falls through to the error below
            }
        }
        throw new ConfigException("setting '" + GENESIS + "' must be an ISO instant like 2026-01-01T00:00:00Z or UTC "
                + "milliseconds, got '" + value + "'");
    }
}
