package dev.outreach.lead;

import io.smallrye.mutiny.Multi;

/**
 * A public place leads come from. Each source names itself (checked against the configured
 * allow-list by the intake) and hands over raw leads; normalising, de-duplication and verification
 * are the same for all.
 */
public interface LeadSource {

    /** The {@code source} recorded on each lead, e.g. {@code google_places}. */
    String name();

    boolean available();

    /** Up to {@code limit} raw leads for a category in a city; fails only when nothing could be fetched. */
    Multi<LeadInput> search(String category, String city, int limit);
}
