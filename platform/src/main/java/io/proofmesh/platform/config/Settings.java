package io.proofmesh.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A service's effective configuration: string keys layered as
 * defaults &lt; file &lt; environment &lt; command-line flags, each value remembering
 * the layer it came from so the start-up report can say why a value is what it is.
 *
 * <p>Keys are dotted lower-case ({@code registry.url}); every {@code kafka.*} key is
 * passed through to the Kafka clients with the prefix stripped. Environment variables
 * map by upper-casing and replacing {@code .} and {@code -} with {@code _}, under the
 * prefix {@code PROOFMESH_}: {@code PROOFMESH_REGISTRY_URL} sets {@code registry.url},
 * {@code PROOFMESH_KAFKA_SASL_JAAS_CONFIG} sets {@code kafka.sasl.jaas.config}.
 */
public final class Settings {

    public static final String ENV_PREFIX = "PROOFMESH_";

    /** Where a value came from, lowest precedence first. */
    public enum Layer { DEFAULT, FILE, ENVIRONMENT, FLAG }

    record Entry(String value, Layer layer) { }

    private final Map<String, Entry> entries;

    private Settings(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings with only the given values, as flags (handy in tests). */
    public static Settings of(Map<String, String> values) {
        return builder().flags(values).build();
    }

    public Optional<String> find(String key) {
        Entry e = entries.get(key);
        return e == null || e.value().isBlank() ? Optional.empty() : Optional.of(e.value());
    }

    public String get(String key) {
        return find(key).orElseThrow(() -> new ConfigException(
                "missing setting '" + key + "': pass --set " + key + "=..., set " + envName(key)
                        + " or add it to the config file"));
    }

    public String get(String key, String fallback) {
        return find(key).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        return find(key).map(v -> parse(key, v, Integer::parseInt, "an integer")).orElse(fallback);
    }

    public long getLong(String key, long fallback) {
        return find(key).map(v -> parse(key, v, Long::parseLong, "an integer")).orElse(fallback);
    }

    public double getDouble(String key, double fallback) {
        return find(key).map(v -> parse(key, v, Double::parseDouble, "a number")).orElse(fallback);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return find(key).map(v -> {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
            throw new ConfigException("setting '" + key + "' must be true or false, got '" + v + "'");
        }).orElse(fallback);
    }

    /** Durations as ISO-8601 ({@code PT10S}) or a number with a unit: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 90d}. */
    public Duration getDuration(String key, Duration fallback) {
        return find(key).map(v -> parse(key, v, Settings::parseDuration, "a duration like 10s or PT10S")).orElse(fallback);
    }

    public Path getPath(String key, Path fallback) {
        return find(key).map(Path::of).orElse(fallback);
    }

    /** All keys under {@code prefix} with the prefix removed, e.g. {@code withPrefix("kafka.")} for client configs. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), e.value());
            }
        });
        return out;
    }

    /** A copy with {@code overrides} applied as flags (highest precedence). */
    public Settings with(Map<String, String> overrides) {
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        overrides.forEach((k, v) -> copy.put(k, new Entry(v, Layer.FLAG)));
        return new Settings(copy);
    }

    public Map<String, String> asMap() {
        Map<String, String> out = new TreeMap<>();
        entries.forEach((k, e) -> out.put(k, e.value()));
        return out;
    }

    Layer layerOf(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.layer();
    }

    /** The effective configuration, one key per line with its source; secrets masked. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        int width = entries.keySet().stream().mapToInt(String::length).max().orElse(0);
        entries.forEach((k, e) -> sb.append("  ")
                .append(String.format("%-" + width + "s", k))
                .append(" = ")
                .append(SecretMask.mask(k, e.value()))
                .append("   (").append(e.layer().name().toLowerCase(Locale.ROOT)).append(")\n"));
        return sb.toString();
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private interface Parser<T> {
        T parse(String s);
    }

    private static <T> T parse(String key, String value, Parser<T> parser, String expected) {
        try {
            return parser.parse(value.trim());
        } catch (RuntimeException e) {
            throw new ConfigException("setting '" + key + "' must be " + expected + ", got '" + value + "'");
        }
    }

    static Duration parseDuration(String s) {
        if (s.startsWith("P") || s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        String lower = s.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < lower.length() && (Character.isDigit(lower.charAt(i)))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException(s);
        }
        long n = Long.parseLong(lower.substring(0, i));
        return switch (lower.substring(i)) {
            case "ms" -> Duration.ofMillis(n);
            case "s", "" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException(s);
        };
    }

    /** Collects the layers; later calls of the same layer add to it. */
    public static final class Builder {
        private final Map<String, String> defaults = new LinkedHashMap<>();
        private final Map<String, String> file = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> flags = new LinkedHashMap<>();

        public Builder defaults(Map<String, String> values) {
            defaults.putAll(values);
            return this;
        }

        public Builder defaultValue(String key, String value) {
            defaults.put(key, value);
            return this;
        }

        /** A Java properties file ({@code key=value}); a missing file is an error that names it. */
        public Builder file(Path path) {
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("config file " + path.toAbsolutePath() + " does not exist");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(path)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + path.toAbsolutePath() + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> file.put(k.trim(), p.getProperty(k).trim()));
            return this;
        }

        /**
         * Environment variables under {@link #ENV_PREFIX}. A variable matches a key already known
         * from the defaults or the file when their normalised names agree (so {@code chain.rpc-url}
         * is reachable as {@code PROOFMESH_CHAIN_RPC_URL}); any other variable becomes a dotted key.
         */
        public Builder environment(Map<String, String> environment) {
            Map<String, String> known = new LinkedHashMap<>();
            defaults.keySet().forEach(k -> known.put(envName(k), k));
            file.keySet().forEach(k -> known.put(envName(k), k));
            environment.forEach((name, value) -> {
                if (!name.startsWith(ENV_PREFIX) || name.length() == ENV_PREFIX.length()) {
                    return;
                }
                String key = known.getOrDefault(name,
                        name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
                env.put(key, value);
            });
            return this;
        }

        public Builder flags(Map<String, String> values) {
            flags.putAll(values);
            return this;
        }

        public Builder flag(String key, String value) {
            if (value != null) {
                flags.put(key, value);
            }
            return this;
        }

        public Settings build() {
            Map<String, Entry> merged = new LinkedHashMap<>();
            defaults.forEach((k, v) -> merged.put(k, new Entry(v, Layer.DEFAULT)));
            file.forEach((k, v) -> merged.put(k, new Entry(v, Layer.FILE)));
            env.forEach((k, v) -> merged.put(k, new Entry(v, Layer.ENVIRONMENT)));
            flags.forEach((k, v) -> merged.put(k, new Entry(v, Layer.FLAG)));
            return new Settings(merged);
        }
    }
}
