package dev.outreach.meeting;

import java.time.OffsetDateTime;

/**
 * A meeting as the API and the console show it.
 *
 * @param leadId       the lead it matched, or null when it matched none (kept for the operator)
 * @param businessName the lead's business, or null
 * @param matchedBy    {@code token} (our tracked link), {@code email} (the attendee's address) or {@code none}
 */
public record MeetingView(
        long id,
        String provider,
        MeetingStatus status,
        OffsetDateTime startsAt,
        OffsetDateTime endsAt,
        Long leadId,
        String businessName,
        String attendeeName,
        String attendeeEmail,
        String attendeeZone,
        String matchedBy,
        String reason,
        OffsetDateTime createdAt) {

    /** Still to come: booked or moved, not yet cancelled, held or missed. */
    public boolean upcoming() {
        return status.upcoming();
    }
}
