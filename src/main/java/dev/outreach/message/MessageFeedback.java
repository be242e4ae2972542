package dev.outreach.message;

import static dev.outreach.message.MessageStatus.BOUNCED;
import static dev.outreach.message.MessageStatus.DELIVERED;
import static dev.outreach.message.MessageStatus.FAILED;
import static dev.outreach.message.MessageStatus.HELD;
import static dev.outreach.message.MessageStatus.QUEUED;
import static dev.outreach.message.MessageStatus.SENT;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What providers report back after a send: delivered, bounced or failed, opened, clicked, complained
 * about, and a call's answer, transcript, end and planned retry.
 *
 * <p>One of the writers of the {@code message} table; the rules they share are in {@code package-info.java}.
 */
@ApplicationScoped
public class MessageFeedback {

    private static final String[] DELIVERABLE = MessageStatus.guard(DELIVERED, SENT, HELD);
    private static final String[] UNDELIVERED_FROM = MessageStatus.guard(BOUNCED, SENT, DELIVERED, HELD);

    // --- what providers report back (feedback) ------------------------------------------------------

    /** Delivered at the given instants; returns the messages that moved. */
    public Uni<List<Moved>> markDelivered(SqlClient conn, UUID[] ids, OffsetDateTime[] at) {
        return conn.preparedQuery("""
                update message m set status = 'delivered', delivered_at = t.at, updated_at = now(),
                    version = m.version + 1
                from unnest($1::uuid[], $2::timestamptz[]) as t(id, at)
                where m.id = t.id and m.status = any($3)
                returning m.id, m.lead_id""").execute(Tuple.of(ids, at, DELIVERABLE)).map(Moved::of);
    }

    /** A message that did not arrive, and why. */
    public record Undelivered(UUID id, MessageStatus status, String outcome, String reason) {
        public Undelivered {
            if (status != BOUNCED && status != FAILED) {
                throw new IllegalArgumentException("an undelivered message is bounced or failed, not " + status);
            }
        }
    }

    /** Bounced, dropped, blocked or undelivered; returns each moved message with its outcome. */
    public Uni<List<Row>> markUndelivered(SqlClient conn, List<Undelivered> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID[] ids = rows.stream().map(Undelivered::id).toArray(UUID[]::new);
        String[] statuses = rows.stream().map(u -> u.status().dbValue()).toArray(String[]::new);
        String[] outcomes = rows.stream().map(Undelivered::outcome).toArray(String[]::new);
        String[] reasons = rows.stream().map(Undelivered::reason).toArray(String[]::new);
        return conn.preparedQuery("""
                update message m set status = t.status, outcome = t.kind, last_error = t.reason, updated_at = now(),
                    version = m.version + 1
                from unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) as t(id, status, kind, reason)
                where m.id = t.id and m.status = any($5)
                returning m.id, m.lead_id, m.recipient, t.kind""")
                .execute(Tuple.of(ids, statuses, outcomes, reasons, UNDELIVERED_FROM))
                .map(MessageFeedback::rows);
    }

    /** Opens and clicks: the first of each is kept. */
    public Uni<Void> recordEngagement(SqlClient conn, UUID[] ids, String[] kinds, OffsetDateTime[] at) {
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                update message m set opened_at = coalesce(m.opened_at, t.opened), clicked_at = coalesce(m.clicked_at, t.clicked)
                from (select id, min(at) filter (where kind = 'open') as opened, min(at) filter (where kind = 'click') as clicked
                      from unnest($1::uuid[], $2::text[], $3::timestamptz[]) as e(id, kind, at)
                      group by id) t
                where m.id = t.id""").execute(Tuple.of(ids, kinds, at)).replaceWithVoid();
    }

    /** The recipient marked it as spam: a complaint, which is not a bounce. */
    public Uni<Void> recordComplaint(SqlClient conn, UUID[] ids, OffsetDateTime[] at) {
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                update message m set complained_at = coalesce(m.complained_at, t.at), outcome = 'complaint'
                from unnest($1::uuid[], $2::timestamptz[]) as t(id, at)
                where m.id = t.id""").execute(Tuple.of(ids, at)).replaceWithVoid();
    }

    /** Another call of the same step later ("call me back in 3 days"); at most one retry per call. */
    public Uni<Boolean> createCallRetry(SqlClient conn, UUID original, UUID retry, Instant due) {
        return conn.preparedQuery("""
                insert into message (id, lead_id, campaign_id, sequence_step, channel, status, dry_run, recipient,
                                     country, body, method, not_before, due_at, retry_of, next_step_planned)
                select $1, m.lead_id, m.campaign_id, m.sequence_step, 'call', $4, m.dry_run, m.recipient,
                       m.country, m.body, m.method, $2, $2, m.id, true
                from message m where m.id = $3
                on conflict do nothing""")
                .execute(Tuple.of(retry, TimeSource.utc(due), original, QUEUED.dbValue()))
                .map(rows -> rows.rowCount() == 1);
    }

    // --- calls (feedback) ---------------------------------------------------------------------------

    /** Who picked up; a machine means a voicemail. */
    public Uni<Void> recordAnswer(SqlClient conn, UUID id, String answeredBy, boolean machine) {
        return conn.preparedQuery("""
                update message set answered_by = $2, outcome = case when $3 then 'voicemail' else outcome end,
                    updated_at = now(), version = version + 1
                where id = $1""")
                .execute(Tuple.of(id, answeredBy, machine))
                .replaceWithVoid();
    }

    /** What the person said and what it meant. */
    public Uni<Void> recordTranscript(SqlClient conn, UUID id, String transcript, String intent) {
        return conn.preparedQuery("""
                update message set transcript = $2, outcome = $3, updated_at = now(), version = version + 1
                where id = $1""").execute(Tuple.of(id, transcript, intent)).replaceWithVoid();
    }

    /** The call's end: duration, recording, and delivered or failed as Twilio says. */
    public Uni<Void> recordCallEnd(
            SqlClient conn, UUID id, Integer durationSeconds, String recordingRef, String callStatus) {
        MessageStatus.guard(DELIVERED, SENT);
        MessageStatus.guard(FAILED, SENT);
        return conn.preparedQuery("""
                update message
                set duration_seconds = coalesce($2, duration_seconds), recording_ref = coalesce($3, recording_ref),
                    outcome = coalesce(outcome, $4),
                    status = case when status = 'sent' and $4 = 'completed' then 'delivered'
                                  when status = 'sent' and $4 = 'failed' then 'failed'
                                  else status end,
                    updated_at = now(), version = version + 1
                where id = $1""")
                .execute(Tuple.of(id, durationSeconds, recordingRef, callStatus))
                .replaceWithVoid();
    }

    private static List<Row> rows(RowSet<Row> rows) {
        List<Row> list = new ArrayList<>(rows.size());
        rows.forEach(list::add);
        return list;
    }
}
