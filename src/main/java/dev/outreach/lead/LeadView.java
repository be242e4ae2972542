package dev.outreach.lead;

import java.time.OffsetDateTime;

/**
 * A lead as the API shows it (SPEC §15 field names). {@code version} goes back with an edit, so that
 * an edit made on a stale copy is refused instead of undoing someone else's.
 */
public record LeadView(Long id, String source, String businessName, String city, String category, String website,
        String email, String phone, String country, String timezone, LeadStatus status, String statusReason,
        OffsetDateTime createdAt, int version) {

    public static LeadView of(Lead lead) {
        return new LeadView(lead.id, lead.source, lead.businessName, lead.city, lead.category, lead.website,
                lead.email, lead.phone, lead.country, lead.timezone, lead.status, lead.statusReason, lead.createdAt,
                lead.version);
    }
}
