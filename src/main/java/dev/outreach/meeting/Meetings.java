package dev.outreach.meeting;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The one writer of {@code meeting} and {@code meeting_event}. Every status change
 * is a named transition guarded by {@link MeetingStatus}, and the V27 trigger refuses any other.
 */
@ApplicationScoped
public class Meetings {

    private static final String[] MAY_MOVE =
            MeetingStatus.guard(MeetingStatus.RESCHEDULED, MeetingStatus.BOOKED, MeetingStatus.RESCHEDULED);

    /**
     * Remembers a provider's event; false when it was seen before (a replay, applied once already).
     */
    public Uni<Boolean> firstTime(SqlClient conn, String provider, String eventKey) {
        return conn.preparedQuery("""
                insert into meeting_event (provider, event_key) values ($1, $2)
                on conflict (provider, event_key) do nothing""").execute(Tuple.of(provider, eventKey)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> eventApplied(SqlClient conn, String provider, String eventKey, Long meetingId) {
        return conn.preparedQuery("update meeting_event set meeting_id = $3 where provider = $1 and event_key = $2")
                .execute(Tuple.of(provider, eventKey, meetingId))
                .replaceWithVoid();
    }

    /** A meeting as the transitions need it. */
    public record Found(long id, MeetingStatus status, Long leadId) {}

    /** The meeting a provider's booking id names (locked for this transaction), if we have it. */
    public Uni<Optional<Found>> find(SqlClient conn, String provider, String bookingRef) {
        return conn.preparedQuery("""
                select id, status, lead_id from meeting where provider = $1 and provider_ref = $2 for update""").execute(Tuple.of(provider, bookingRef)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Found(
                    row.getLong("id"), MeetingStatus.fromDb(row.getString("status")), row.getLong("lead_id")));
        });
    }

    /** A meeting to record: whom it is with, how we know, and in what status it is first seen. */
    public record NewMeeting(BookingEvent event, Long leadId, UUID messageId, String matchedBy, MeetingStatus status) {}

    /** Records a meeting; the id of the one already recorded for the same booking when there is one. */
    public Uni<Long> record(SqlClient conn, NewMeeting m) {
        BookingEvent e = m.event();
        return conn.preparedQuery("""
                insert into meeting (provider, provider_ref, lead_id, message_id, matched_by, status, starts_at, ends_at,
                    attendee_name, attendee_email, attendee_zone, reason)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                on conflict (provider, provider_ref) do update set updated_at = meeting.updated_at
                returning id""")
                .execute(Tuple.from(new Object[] {
                    e.provider(),
                    e.bookingRef(),
                    m.leadId(),
                    m.messageId(),
                    m.matchedBy(),
                    m.status().dbValue(),
                    TimeSource.utc(e.startsAt()),
                    TimeSource.utc(e.endsAt()),
                    e.attendeeName(),
                    e.attendeeEmail(),
                    e.attendeeZone(),
                    e.reason()
                }))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** The booking moved: its new time, and the provider's id of the new booking. False when it had ended. */
    public Uni<Boolean> reschedule(SqlClient conn, long id, String newRef, Instant startsAt, Instant endsAt) {
        return conn.preparedQuery("""
                update meeting set status = 'rescheduled', provider_ref = $2, starts_at = coalesce($3, starts_at),
                    ends_at = coalesce($4, ends_at), updated_at = now(), version = version + 1
                where id = $1 and status = any($5)""")
                .execute(Tuple.from(
                        new Object[] {id, newRef, TimeSource.utc(startsAt), TimeSource.utc(endsAt), MAY_MOVE}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Cancelled, held or missed, from any status that may move there. False when it may not. */
    public Uni<Boolean> end(SqlClient conn, long id, MeetingStatus to, String reason) {
        if (to.upcoming()) {
            throw new IllegalArgumentException(to + " does not end a meeting");
        }
        String[] from = to.allowedBefore().stream().map(MeetingStatus::dbValue).toArray(String[]::new);
        return conn.preparedQuery("""
                update meeting set status = $2, reason = coalesce($3, reason), updated_at = now(), version = version + 1
                where id = $1 and status = any($4)""")
                .execute(Tuple.of(id, to.dbValue(), reason, from))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * GDPR erasure: the attendee's name, email and zone go with the lead, from its meetings and from any
     * booking made with one of its contacts; the meeting's time and status stay.
     */
    public Uni<Void> eraseLead(SqlClient conn, long leadId, String[] contacts) {
        return conn.preparedQuery("""
                update meeting set attendee_name = null, attendee_email = null, attendee_zone = null, updated_at = now(),
                    version = version + 1
                where lead_id = $1 or attendee_email = any($2)""").execute(Tuple.of(leadId, contacts)).replaceWithVoid();
    }
}
