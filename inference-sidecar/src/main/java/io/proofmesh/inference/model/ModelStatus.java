package io.proofmesh.inference.model;

import java.util.Optional;

/**
 * Whether one manifest model loaded.
 *
 * @param entry  the manifest entry
 * @param reason why it is unavailable; empty when it loaded
 * @param detail what exactly went wrong (empty text when it loaded)
 */
public record ModelStatus(ModelEntry entry, Optional<UnavailableReason> reason, String detail) {

    public boolean available() {
        return reason.isEmpty();
    }

    static ModelStatus loaded(ModelEntry entry) {
        return new ModelStatus(entry, Optional.empty(), "");
    }

    static ModelStatus unavailable(ModelEntry entry, UnavailableReason reason, String detail) {
        return new ModelStatus(entry, Optional.of(reason), detail);
    }
}
