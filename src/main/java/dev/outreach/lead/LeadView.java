package dev.outreach.lead;

import java.time.OffsetDateTime;

/** A lead as the API shows it (SPEC §15 field names). */
public record LeadView(Long id, String source, String businessName, String city, String category, String website,
        String email, String phone, String country, String timezone, LeadStatus status, String statusReason,
        OffsetDateTime createdAt) {

    public static LeadView of(Lead lead) {
        return new LeadView(lead.id, lead.source, lead.businessName, lead.city, lead.category, lead.website,
                lead.email, lead.phone, lead.country, lead.timezone, lead.status, lead.statusReason, lead.createdAt);
    }
}
