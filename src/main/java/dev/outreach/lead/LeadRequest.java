package dev.outreach.lead;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/leads}: only businessName and one of email, phone or website are required. */
@Schema(name = "NewLead")
public record LeadRequest(
        @Schema(description = "defaults to api; must be an approved public source")
        String source,

        @Schema(required = true, maxLength = 200) String businessName,
        String city,
        String category,
        @Schema(description = "e.g. https://example.com") String website,
        String email,

        @Schema(description = "any format; stored in E.164, dropped with a warning when not a valid number")
        String phone,

        @Schema(description = "ISO 3166 alpha-2") String country,

        @Schema(description = "IANA time zone, e.g. Asia/Kolkata")
        String timezone,

        Map<String, Object> rawMetadata,

        @Schema(
                description = "where you found this business's contact details, e.g. its page on a directory; "
                        + "kept as the lead's provenance and named in the first email (R-13.5)")
        String sourceUrl,

        @Schema(
                description = "your own words for the lead, e.g. [\"warm\", \"expo 2026\"]: at most 20, each up to 40 "
                        + "letters, digits, spaces or - _ & / . ; stored lowercase; a saved campaign can aim at them")
        List<String> tags,

        @Schema(
                description = "the lead's language, a BCP 47 tag: en, hi, mr, ta, te, bn, gu, kn, ml, pa or hi-Latn "
                        + "(Hinglish); a name such as Hindi is accepted too; left out: the business default")
        String language) {

    LeadInput toInput() {
        Map<String, Object> metadata = rawMetadata;
        if (sourceUrl != null && !sourceUrl.isBlank()) {
            metadata = new java.util.LinkedHashMap<>(rawMetadata == null ? Map.of() : rawMetadata);
            metadata.put("sourceUrl", sourceUrl.strip());
        }
        return new LeadInput(
                source,
                businessName,
                city,
                category,
                website,
                email,
                phone,
                country,
                timezone,
                metadata,
                tags,
                language);
    }
}
