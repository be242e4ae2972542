package dev.outreach.lead;

import java.util.Map;

/** A lead as a source hands it over (API body, CSV row, Places result): raw, unchecked. */
public record LeadInput(String source, String businessName, String city, String category, String website,
        String email, String phone, String country, String timezone, Map<String, Object> rawMetadata) {
}
