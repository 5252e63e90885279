package io.proofmesh.ingest.admin;

import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The admin API's bearer token, from {@code admin.token} (env {@code PROOFMESH_ADMIN_TOKEN}) or
 * {@code admin.token-file}. Checked in constant time over SHA-256 digests, so neither the
 * content nor the length of the token leaks through response timing. Never printed.
 */
public final class AdminToken {

    public static final String TOKEN = "admin.token";
    public static final String TOKEN_FILE = "admin.token-file";
    private static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private AdminToken(String token) {
        if (token.length() < MIN_LENGTH) {
            throw new ConfigException("the admin token must be at least " + MIN_LENGTH + " characters");
        }
        this.digest = sha256(token);
    }

    public static AdminToken of(String token) {
        return new AdminToken(token);
    }

    /** Empty when neither setting is given: the admin API is then disabled. */
    public static Optional<AdminToken> from(Settings settings) {
        Optional<String> inline = settings.find(TOKEN);
        if (inline.isPresent()) {
            return Optional.of(new AdminToken(inline.get().trim()));
        }
        Optional<String> file = settings.find(TOKEN_FILE);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AdminToken(Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).trim()));
        } catch (IOException e) {
            throw new ConfigException("cannot read the admin token file " + file.get() + ": " + e.getMessage());
        }
    }

    /** True iff {@code authorization} is {@code Bearer <the token>}. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).trim()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[******]";
    }
}
