package io.proofmesh.inference.verifier;

import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The secret that makes the sample unpredictable to nodes ({@link SampleSelector}): 32 bytes of
 * hex from {@code verifier.seed} (env {@code PROOFMESH_VERIFIER_SEED}) or the file named by
 * {@code verifier.seed-file}. Without one a random seed is generated with a warning: sampling
 * still works, but another verifier (or a restart) picks other jobs. Never logged.
 */
public final class VerifierSeed {

    private VerifierSeed() {
    }

    public static byte[] from(Settings s, Consumer<String> warn) {
        String hex = s.find(VerifierSettings.SEED).filter(v -> !v.isBlank()).orElse(null);
        String source = Settings.envName(VerifierSettings.SEED);
        if (hex == null) {
            String file = s.find(VerifierSettings.SEED_FILE).filter(v -> !v.isBlank()).orElse(null);
            if (file != null) {
                try {
                    hex = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
                    source = "the seed file " + file;
                } catch (IOException e) {
                    throw new ConfigException("cannot read the verifier seed file " + file + ": " + e.getMessage());
                }
            }
        }
        if (hex == null) {
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            warn.accept("WARNING: no verifier seed (" + Settings.envName(VerifierSettings.SEED) + " or --seed-file FILE): "
                    + "using a random one for this run, so the sample differs per restart and per verifier");
            return seed;
        }
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        if (!h.matches("[0-9a-fA-F]{64}")) {
            throw new ConfigException("the verifier seed (" + source + ") must be 32 bytes of hex (64 digits); "
                    + "make one with: openssl rand -hex 32");
        }
        return HexFormat.of().parseHex(h);
    }
}
