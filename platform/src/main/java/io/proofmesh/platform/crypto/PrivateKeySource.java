package io.proofmesh.platform.crypto;

import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.web3j.crypto.Credentials;

/**
 * Where a service's secp256k1 key comes from: the setting {@code <name>} (normally its
 * environment variable, e.g. {@code PROOFMESH_SETTLER_KEY}) or the file named by
 * {@code <name>-file}; never a flag value, never printed. Errors name both ways, never the key.
 */
public final class PrivateKeySource {

    private PrivateKeySource() {
    }

    /**
     * The key of setting {@code keySetting} (hex, optional 0x) or of the file named by
     * {@code fileSetting}; empty if neither is set.
     */
    public static Optional<Credentials> find(Settings s, String keySetting, String fileSetting) {
        Optional<String> hex = s.find(keySetting).filter(v -> !v.isBlank());
        String source = Settings.envName(keySetting);
        if (hex.isEmpty()) {
            Optional<String> file = s.find(fileSetting).filter(v -> !v.isBlank());
            if (file.isEmpty()) {
                return Optional.empty();
            }
            source = "the key file " + file.get();
            hex = Optional.of(read(Path.of(file.get())));
        }
        return Optional.of(parse(hex.get(), source));
    }

    /** Like {@link #find}, but a missing key stops with what to set. */
    public static Credentials require(Settings s, String keySetting, String fileSetting, String what) {
        return find(s, keySetting, fileSetting).orElseThrow(() -> new ConfigException("no " + what + ": set "
                + Settings.envName(keySetting) + " or '" + fileSetting + "' (--key-file FILE) to a file holding the "
                + "hex private key"));
    }

    /** A key read from {@code file} (hex, optional 0x, surrounding whitespace ignored). */
    public static Credentials fromFile(Path file) {
        return parse(read(file), "the key file " + file);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new ConfigException("cannot read the key file " + file + ": " + e.getMessage());
        }
    }

    private static Credentials parse(String hex, String source) {
        String h = hex.trim();
        h = h.startsWith("0x") || h.startsWith("0X") ? h.substring(2) : h;
        if (!h.matches("[0-9a-fA-F]{64}")) {
            throw new ConfigException("the private key in " + source + " must be 32 bytes of hex (64 digits, optional 0x)");
        }
        return Credentials.create(h);
    }
}
