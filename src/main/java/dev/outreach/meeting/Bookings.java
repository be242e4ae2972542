package dev.outreach.meeting;

import dev.outreach.alert.Alerts;
import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.config.LiveSettings;
import dev.outreach.crm.CrmEvent;
import dev.outreach.crm.CrmPushes;
import dev.outreach.feedback.LeadSignals;
import dev.outreach.lead.Leads;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies what a scheduler tells us, like every other webhook: the event's key is
 * remembered first (a replay changes nothing), then its effect, all in one transaction. A booking is
 * matched to a lead by our tracked link's token, else by the attendee's email; one that matches no
 * lead is still recorded, for the operator. A booking stops the lead's sequence in the same
 * transaction: its drafts, reviews and queued follow-ups are cancelled, and a follow-up the outbox
 * had already claimed is named in the audit as in flight, as for opt-outs. The operator is told once
 * the transaction has committed; the webhook's answer does not wait for that mail. The meeting is
 * queued for the CRM in the same transaction.
 */
@ApplicationScoped
public class Bookings {

    private static final Logger LOG = Logger.getLogger(Bookings.class);
    static final String STOP_REASON = "the lead booked a meeting";

    private final Pool pool;
    private final Meetings meetings;
    private final BookingLinks links;
    private final Leads leads;
    private final LeadSignals signals;
    private final AuditLog audit;
    private final Alerts alerts;
    private final LiveSettings live;
    private final Scores scores;
    private final CrmPushes crm;

    Bookings(
            Pool pool,
            Meetings meetings,
            BookingLinks links,
            Leads leads,
            LeadSignals signals,
            AuditLog audit,
            Alerts alerts,
            LiveSettings live,
            Scores scores,
            CrmPushes crm) {
        this.crm = crm;
        this.scores = scores;
        this.pool = pool;
        this.meetings = meetings;
        this.links = links;
        this.leads = leads;
        this.signals = signals;
        this.audit = audit;
        this.alerts = alerts;
        this.live = live;
    }

    /**
     * What applying one event did.
     *
     * @param replay    the event was applied before; nothing changed
     * @param meetingId the meeting it is about, or null when it was ignored
     * @param leadId    the lead it matched, or null
     * @param status    the meeting's status now, or null when it was ignored
     * @param inFlight  messages to the lead the outbox had claimed before the booking committed
     */
    public record Applied(boolean replay, Long meetingId, Long leadId, MeetingStatus status, List<UUID> inFlight) {

        static final Applied REPLAY = new Applied(true, null, null, null, List.of());
    }

    private record Match(Long leadId, UUID messageId, String matchedBy, String businessName) {

        static final Match NONE = new Match(null, null, "none", null);
    }

    public Uni<Applied> apply(BookingEvent event) {
        return pool.withTransaction(conn -> meetings.firstTime(conn, event.provider(), event.eventKey())
                        .flatMap(first -> !first
                                ? Uni.createFrom().item(new Told(Applied.REPLAY, Match.NONE))
                                : event.kind() == BookingEvent.Kind.IGNORED
                                        ? Uni.createFrom().item(new Told(ignored(event), Match.NONE))
                                        : match(conn, event)
                                                .flatMap(match -> effect(conn, event, match)
                                                        .call(applied -> meetings.eventApplied(
                                                                conn,
                                                                event.provider(),
                                                                event.eventKey(),
                                                                applied.meetingId()))
                                                        .call(applied ->
                                                                audit.record(conn, entry(event, match, applied)))
                                                        .call(applied ->
                                                                applied.leadId() == null || applied.meetingId() == null
                                                                        ? Uni.createFrom()
                                                                                .voidItem()
                                                                        : crm.enqueue(
                                                                                conn,
                                                                                applied.leadId(),
                                                                                CrmEvent.MEETING,
                                                                                applied.meetingId()
                                                                                        .toString()))
                                                        .call(applied -> applied.leadId() == null
                                                                ? Uni.createFrom()
                                                                        .voidItem()
                                                                : scores.rescore(conn, new Long[] {applied.leadId()}))
                                                        .map(applied -> new Told(applied, match)))))
                .invoke(told -> tell(event, told))
                .map(Told::applied);
    }

    /** What was applied, and the lead it matched (for telling the operator). */
    private record Told(Applied applied, Match match) {}

    private static Applied ignored(BookingEvent event) {
        LOG.debugf("Ignored %s event %s", event.provider(), event.eventKey());
        return new Applied(false, null, null, null, List.of());
    }

    private Uni<Match> match(SqlClient conn, BookingEvent event) {
        Uni<Optional<Match>> byToken = event.token() == null
                ? Uni.createFrom().item(Optional.empty())
                : links.find(conn, event.token())
                        .map(found -> found.map(t -> new Match(t.leadId(), t.messageId(), "token", t.name())));
        return byToken.flatMap(
                found -> found.isPresent() ? Uni.createFrom().item(found.get()) : byEmail(conn, event.attendeeEmail()));
    }

    /** The lead with this email we were most likely writing to: contacted or replied first, then the newest. */
    private static Uni<Match> byEmail(SqlClient conn, String email) {
        if (email == null || email.isBlank()) {
            return Uni.createFrom().item(Match.NONE);
        }
        return conn.preparedQuery("""
                select id, business_name from lead where email = $1
                order by status in ('contacted', 'replied', 'meeting_booked') desc, id desc limit 1""")
                .execute(Tuple.of(email.strip().toLowerCase(Locale.ROOT)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Match.NONE;
                    }
                    Row row = rows.iterator().next();
                    return new Match(row.getLong("id"), null, "email", row.getString("business_name"));
                });
    }

    private Uni<Applied> effect(SqlClient conn, BookingEvent event, Match match) {
        return switch (event.kind()) {
            case BOOKED -> book(conn, event, match, MeetingStatus.BOOKED);
            case RESCHEDULED ->
                meetings.find(
                                conn,
                                event.provider(),
                                event.previousRef() == null ? event.bookingRef() : event.previousRef())
                        .flatMap(found -> found.isEmpty()
                                ? book(conn, event, match, MeetingStatus.BOOKED)
                                : meetings.reschedule(
                                                conn,
                                                found.get().id(),
                                                event.bookingRef(),
                                                event.startsAt(),
                                                event.endsAt())
                                        .map(moved -> new Applied(
                                                false,
                                                found.get().id(),
                                                found.get().leadId(),
                                                moved
                                                        ? MeetingStatus.RESCHEDULED
                                                        : found.get().status(),
                                                List.of())));
            case CANCELLED -> end(conn, event, match, MeetingStatus.CANCELLED);
            case HELD -> end(conn, event, match, MeetingStatus.HELD);
            case NO_SHOW -> end(conn, event, match, MeetingStatus.NO_SHOW);
            case IGNORED -> Uni.createFrom().item(ignored(event));
        };
    }

    /** A new booking: the meeting, the lead {@code meeting_booked}, its sequence stopped. */
    private Uni<Applied> book(SqlClient conn, BookingEvent event, Match match, MeetingStatus status) {
        return meetings.record(
                        conn,
                        new Meetings.NewMeeting(event, match.leadId(), match.messageId(), match.matchedBy(), status))
                .flatMap(id -> match.leadId() == null
                        ? Uni.createFrom().item(new Applied(false, id, null, status, List.of()))
                        : stop(conn, match.leadId())
                                .map(flying -> new Applied(false, id, match.leadId(), status, flying)));
    }

    private Uni<List<UUID>> stop(SqlClient conn, long leadId) {
        return leads.markMeetingBooked(conn, leadId)
                .flatMap(x -> signals.stopSequence(conn, leadId, STOP_REASON, "lead"))
                .flatMap(x -> inFlight(conn, leadId));
    }

    /**
     * Cancelled, held or missed. A meeting we never heard booked is recorded in that status; one that
     * took place (held or missed) stops the lead's sequence as a booking would. A cancellation does not
     * restart outreach: the operator decides.
     */
    private Uni<Applied> end(SqlClient conn, BookingEvent event, Match match, MeetingStatus to) {
        return meetings.find(conn, event.provider(), event.bookingRef()).flatMap(found -> {
            if (found.isEmpty()) {
                return to == MeetingStatus.CANCELLED
                        ? meetings.record(
                                        conn,
                                        new Meetings.NewMeeting(
                                                event, match.leadId(), match.messageId(), match.matchedBy(), to))
                                .map(id -> new Applied(false, id, match.leadId(), to, List.of()))
                        : book(conn, event, match, to);
            }
            Meetings.Found meeting = found.get();
            return meetings.end(conn, meeting.id(), to, event.reason())
                    .map(moved -> new Applied(
                            false, meeting.id(), meeting.leadId(), moved ? to : meeting.status(), List.of()));
        });
    }

    /** Messages to the lead claimed before this booking committed: they may still leave (named in the audit). */
    private static Uni<List<UUID>> inFlight(SqlClient conn, long leadId) {
        return conn.preparedQuery("""
                select id from message
                where lead_id = $1 and kind = 'outreach' and (status = 'sending' or sent_at >= transaction_timestamp())""").execute(Tuple.of(leadId)).map(rows -> {
            List<UUID> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getUUID("id")));
            return ids;
        });
    }

    private AuditEntry entry(BookingEvent event, Match match, Applied applied) {
        return AuditEntry.of(
                        event.provider(),
                        "meeting."
                                + (applied.status() == null
                                        ? "ignored"
                                        : applied.status().dbValue()))
                .entity("meeting", applied.meetingId())
                .lead(applied.leadId())
                .detail("provider", event.provider())
                .detail("event", event.eventKey())
                .detail("matchedBy", match.matchedBy())
                .detail("startsAt", event.startsAt())
                .detail("inFlightMessages", applied.inFlight().toString());
    }

    /** The operator hears of a new or moved meeting, and of a cancellation, once the transaction committed. */
    private void tell(BookingEvent event, Told told) {
        Applied applied = told.applied();
        if (applied.replay() || applied.status() == null || applied.status() == MeetingStatus.HELD) {
            return;
        }
        MeetingNotice notice = MeetingNotice.of(
                event, applied, told.match().businessName(), live.current().timezone());
        alerts.inform(
                        "meeting",
                        "meeting:" + applied.meetingId() + ":"
                                + applied.status().dbValue(),
                        notice.subject(),
                        notice.message())
                .subscribe()
                .with(
                        x -> {},
                        failure -> LOG.warnf(
                                failure, "Could not tell the operator about meeting %d", applied.meetingId()));
    }
}
