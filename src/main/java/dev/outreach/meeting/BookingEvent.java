package dev.outreach.meeting;

import java.time.Instant;

/**
 * One thing a scheduler told us about a booking, as the webhook adapters read it from
 * Cal.com's or Calendly's payload: the domain never sees their JSON.
 *
 * @param provider    {@code calcom} or {@code calendly}
 * @param eventKey    what makes a replay recognisable: the event and the provider's booking id
 * @param kind        what happened
 * @param bookingRef  the provider's id of the booking (Cal.com's uid, Calendly's invitee URI)
 * @param previousRef for a move, the id of the booking it replaces; else null
 * @param token       our tracked link's token, when the scheduler carried it back; else null
 * @param reason      the cancellation's reason, if given
 */
public record BookingEvent(
        String provider,
        String eventKey,
        Kind kind,
        String bookingRef,
        String previousRef,
        Instant startsAt,
        Instant endsAt,
        String attendeeName,
        String attendeeEmail,
        String attendeeZone,
        String token,
        String reason) {

    public enum Kind {
        /** A new booking. */
        BOOKED,
        /** The booking moved to another time. */
        RESCHEDULED,
        /** The booking was cancelled. */
        CANCELLED,
        /** The meeting took place. */
        HELD,
        /** The attendee did not come. */
        NO_SHOW,
        /** Something we do not act on (a cancellation that is half of a move, a no-show undone). */
        IGNORED
    }
}
