package io.proofmesh.platform.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which governance key's signature makes a scoring policy valid ({@code scoring.governance-address}).
 * Every reader of {@code config.scoring-policy} (processor, settler, audit) must trust the same
 * key, so they resolve it here. Only the dev network has a default: the dev-only key of
 * {@code proofmesh dev} / {@code demo} (anvil account #9).
 */
public final class GovernanceSettings {

    public static final String GOVERNANCE = "scoring.governance-address";
    public static final String DEVNET = "proofmesh-devnet";
    /** The dev-only governance key of `proofmesh dev` / `demo` (anvil account #9), trusted by default on the devnet only. */
    public static final String DEVNET_GOVERNANCE = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720";

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

    private GovernanceSettings() {
    }

    /** The trusted governance address, validated. */
    public static String address(Settings s) {
        String network = s.get(CommonSettings.NETWORK_NAME, DEVNET);
        String governance = s.find(GOVERNANCE).filter(v -> !v.isBlank()).map(v -> v.trim().toLowerCase(Locale.ROOT))
                .orElse(DEVNET.equals(network) ? DEVNET_GOVERNANCE : "");
        require(governance);
        return governance;
    }

    public static void require(String governance) {
        if (!ADDRESS.matcher(governance).matches()) {
            throw new ConfigException("setting '" + GOVERNANCE + "' must be the lower-case 0x address of the governance key "
                    + "that signs scoring policies (only network '" + DEVNET + "' has a default), got '" + governance + "'");
        }
    }
}
