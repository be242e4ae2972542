package dev.outreach.source;

import dev.outreach.lead.LeadInput;

/**
 * A public place leads come from: Google Places, a business directory. Each source names
 * itself (the {@code source} recorded on each lead and checked against the configured allow-list by
 * the intake) and hands over raw {@link LeadInput}s as a stream; normalising, de-duplication,
 * contact-page email search and verification are the same for all ({@link SourceRuns}).
 */
public interface LeadSource {

    /** The {@code source} recorded on each lead, e.g. {@code google_places}. */
    String name();

    /** Whether the source is configured (keys present). */
    boolean available();
}
