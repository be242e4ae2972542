package dev.outreach.jurisdiction;

import java.util.Locale;
import java.util.Optional;

/** The kind of a consent record, from the weakest to the strongest. */
public enum ConsentLevel {
    /** The contact published the address conspicuously, without saying they do not want messages. */
    CONSPICUOUS_PUBLICATION,
    /** The contact said yes (in words, a form, a reply), with the evidence recorded. */
    EXPRESS,
    /** A signed agreement naming the sender and the channel (TCPA's prior express written consent). */
    EXPRESS_WRITTEN;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(ConsentLevel needed) {
        return compareTo(needed) >= 0;
    }

    public static Optional<ConsentLevel> of(String key) {
        if (key == null) {
            return Optional.empty();
        }
        for (ConsentLevel level : values()) {
            if (level.key().equals(key.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
