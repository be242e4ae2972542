package dev.outreach.meeting;

import dev.outreach.common.TimeSource;
import java.time.ZoneId;

/**
 * What the operator is told of a meeting, in the owner's words and time zone: who booked, moved,
 * cancelled or missed it, when, and what that did to the lead's follow-ups.
 */
record MeetingNotice(String subject, String message) {

    /** The notice of a booking event applied; {@code businessName} is the matched lead's, or null. */
    static MeetingNotice of(BookingEvent event, Bookings.Applied applied, String businessName, ZoneId zone) {
        String who = businessName != null
                ? businessName
                : event.attendeeName() != null
                        ? event.attendeeName() + " (no matching lead)"
                        : "someone (no matching lead)";
        String when = event.startsAt() == null ? "" : " for " + TimeSource.minutes(event.startsAt(), zone);
        String subject = switch (applied.status()) {
            case BOOKED -> "Meeting booked: " + who;
            case RESCHEDULED -> "Meeting moved: " + who;
            case CANCELLED -> "Meeting cancelled: " + who;
            case NO_SHOW -> "Missed meeting: " + who;
            case HELD -> "Meeting held: " + who;
        };
        String message = subject + when + "."
                + (applied.leadId() == null
                        ? " It matched no lead; it is kept on the Meetings page for you."
                        : applied.status() == MeetingStatus.BOOKED ? " Their follow-ups are cancelled." : "")
                + (applied.inFlight().isEmpty()
                        ? ""
                        : " " + applied.inFlight().size()
                                + " message(s) were already on their way when the booking arrived.");
        return new MeetingNotice(subject, message);
    }
}
