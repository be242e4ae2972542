package dev.outreach.lead;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PUT /api/leads/{id}}: the lead's details as they should be, and the version they
 * were read at. Fields left out become empty, as in a form; the source stays what it was.
 */
@Schema(name = "LeadChange")
public record LeadChange(
        @Schema(required = true, description = "the version the change was made on (from GET /api/leads/{id})")
        Integer version,

        @Schema(required = true, maxLength = 200) String businessName,
        String city,
        String category,
        String website,
        String email,
        String phone,
        @Schema(description = "ISO 3166 alpha-2") String country,

        @Schema(description = "IANA time zone, e.g. Asia/Kolkata")
        String timezone,

        @Schema(description = "the lead's tags as they should be (left out: none)")
        List<String> tags,

        @Schema(description = "the lead's language as it should be (left out: the business default)")
        String language) {

    LeadInput toInput(String source) {
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
                Map.of(),
                tags,
                language);
    }
}
