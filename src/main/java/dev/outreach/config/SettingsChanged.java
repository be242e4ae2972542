package dev.outreach.config;

/**
 * The {@link Operating} settings in force changed (an admin's change here or on another replica, or a
 * changed variable at start-up): features that scheduled or checked something on the old values
 * (the daily runs, the sender domain) do it again. Fired synchronously; observers must not block.
 */
public record SettingsChanged(Operating before, Operating after) {}
