package dev.outreach.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/**
 * The {@link Operating} settings in force on this replica. Start from the environment; the settings
 * store replaces them with the stored ones at start-up and on every change (its own, or another
 * replica's, read back within seconds). Reading them is a field read: the gate asks on every decision.
 */
@ApplicationScoped
public class LiveSettings {

    private volatile Operating current;

    LiveSettings(OutreachConfig config) {
        this.current = Operating.of(config);
    }

    public Operating current() {
        return current;
    }

    /** The settings store's alone: the new values, and whether they differ from the old. */
    public boolean replace(Operating next) {
        Operating before = current;
        current = Objects.requireNonNull(next);
        return !before.equals(next);
    }
}
