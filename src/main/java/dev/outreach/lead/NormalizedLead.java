package dev.outreach.lead;

import java.util.Map;

/** A lead that passed intake: canonical contact details and its de-duplication key. */
public record NormalizedLead(String source, String businessName, String nameKey, String city, String category,
        String website, String websiteHost, String email, String phone, String country, String timezone,
        Map<String, Object> rawMetadata) {
}
