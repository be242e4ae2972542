package dev.outreach.lead;

import java.util.List;
import java.util.Map;

/**
 * A lead that passed intake: canonical contact details and its de-duplication key.
 *
 * @param tags lowercase, once each, in the order given
 * @param language the BCP 47 tag of a language the product speaks, or null for the business default
 */
public record NormalizedLead(
        String source,
        String businessName,
        String nameKey,
        String city,
        String category,
        String website,
        String websiteHost,
        String email,
        String phone,
        String country,
        String timezone,
        Map<String, Object> rawMetadata,
        List<String> tags,
        String language) {}
