package io.proofmesh.platform.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Decides which settings are secrets and hides their values in anything printed or logged. */
public final class SecretMask {

    public static final String MASK = "******";

    private static final List<String> SECRET_WORDS = List.of(
            "password", "secret", "token", "private", "credential", "jaas", "apikey", "api.key", "mnemonic");

    /** {@code user:pass@} in URLs. */
    private static final Pattern URL_USERINFO = Pattern.compile("(?<=://)[^/@\\s]+:[^/@\\s]+@");

    private SecretMask() {
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith(".file") || k.endsWith("-file") || k.endsWith(".path")) {
            return false; // a path to a secret is not the secret
        }
        return SECRET_WORDS.stream().anyMatch(k::contains) || k.endsWith(".key") || k.endsWith("-key");
    }

    public static String mask(String key, String value) {
        if (value == null) {
            return null;
        }
        if (isSecret(key)) {
            return value.isEmpty() ? "" : MASK;
        }
        return URL_USERINFO.matcher(value).replaceAll(MASK + "@");
    }
}
