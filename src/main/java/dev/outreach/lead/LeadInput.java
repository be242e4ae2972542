package dev.outreach.lead;

import java.util.List;
import java.util.Map;

/**
 * A lead as a source hands it over (API body, CSV row, Places result): raw, unchecked.
 *
 * @param tags the operator's own words for the lead, as given (null: none)
 * @param language the lead's language as typed, a tag or a name (null: the business default)
 */
public record LeadInput(
        String source,
        String businessName,
        String city,
        String category,
        String website,
        String email,
        String phone,
        String country,
        String timezone,
        Map<String, Object> rawMetadata,
        List<String> tags,
        String language) {

    /** A lead in the business's default language. */
    public LeadInput(
            String source,
            String businessName,
            String city,
            String category,
            String website,
            String email,
            String phone,
            String country,
            String timezone,
            Map<String, Object> rawMetadata,
            List<String> tags) {
        this(source, businessName, city, category, website, email, phone, country, timezone, rawMetadata, tags, null);
    }

    /** A lead with no tags: what a search or directory finds. */
    public LeadInput(
            String source,
            String businessName,
            String city,
            String category,
            String website,
            String email,
            String phone,
            String country,
            String timezone,
            Map<String, Object> rawMetadata) {
        this(source, businessName, city, category, website, email, phone, country, timezone, rawMetadata, null, null);
    }
}
