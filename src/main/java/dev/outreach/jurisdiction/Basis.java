package dev.outreach.jurisdiction;

import java.util.Locale;

/** On what a first contact rests in a country, for one channel, from the loosest to the strictest. */
public enum Basis {
    /** No prior consent is needed; the opt-out still wins. */
    NONE,
    /** Legitimate interest, with a notice at first contact (where we found the address, the right to object). */
    NOTICE,
    /** Implied consent: the address was conspicuously published (CASL); the lead's provenance is the evidence. */
    PUBLISHED,
    /** A consent record for the contact and the channel. */
    CONSENT;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
