package dev.outreach.jurisdiction;

import java.util.Locale;

/** What the sender must have in place before a channel is used in a country. */
public enum Prerequisite {
    /** India's TRAI DLT registration: entity id, and an SMS header and template or a 140-series caller id. */
    DLT,
    /** A NCPR/DND preference list uploaded within the last 7 days, so that every number is scrubbed against it. */
    NCPR;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
