package dev.outreach.message;

import static dev.outreach.message.MessageStatus.CANCELLED;
import static dev.outreach.message.MessageStatus.DRY_RUN;
import static dev.outreach.message.MessageStatus.FAILED;
import static dev.outreach.message.MessageStatus.HELD;
import static dev.outreach.message.MessageStatus.QUEUED;
import static dev.outreach.message.MessageStatus.SENDING;
import static dev.outreach.message.MessageStatus.SENT;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the outbox writes: the claim's decisions (sending, dry-run, deferred, refused by the gate), the
 * providers' answers (sent, failed, requeued, held) and the operator's decision on a held message.
 *
 * <p>One of the writers of the {@code message} table; the rules they share are in {@code package-info.java}.
 */
@ApplicationScoped
public class MessageSends {

    private static final String[] FROM_QUEUED = MessageStatus.guard(SENDING, QUEUED);

    // --- the claim (outbox) -------------------------------------------------------------------------

    /** What the claim decided for one allowed message: its proof, the text that leaves, its Message-ID. */
    public record Allowed(UUID id, JsonObject proof, String text, String rfcMessageId) {}

    /** Allowed live messages leave the queue as {@code sending}, before any provider is called. */
    public Uni<Void> markSending(SqlClient conn, List<Allowed> rows, Instant now) {
        return allowed(conn, SENDING, rows, now);
    }

    /** Allowed messages in dry-run end here: everything ran, nothing left. */
    public Uni<Void> markDryRun(SqlClient conn, List<Allowed> rows, Instant now) {
        return allowed(conn, DRY_RUN, rows, now);
    }

    private static Uni<Void> allowed(SqlClient conn, MessageStatus to, List<Allowed> rows, Instant now) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = rows.stream().map(Allowed::id).toArray(UUID[]::new);
        JsonObject[] proofs = rows.stream().map(Allowed::proof).toArray(JsonObject[]::new);
        String[] texts = rows.stream().map(Allowed::text).toArray(String[]::new);
        String[] rfc = rows.stream().map(Allowed::rfcMessageId).toArray(String[]::new);
        return conn.preparedQuery("""
                update message m
                set status = $1, claimed_at = $2, due_at = null, dry_run = ($1 = 'dry_run'),
                    attempts = m.attempts + case when $1 = 'sending' then 1 else 0 end,
                    decision = u.proof, content_sent = u.text, rfc_message_id = u.rfc, updated_at = now(),
                    version = m.version + 1
                from unnest($3::uuid[], $4::jsonb[], $5::text[], $6::text[]) as u(id, proof, text, rfc)
                where m.id = u.id and m.status = any($7)""")
                .execute(Tuple.from(
                        new Object[] {to.dbValue(), TimeSource.utc(now), ids, proofs, texts, rfc, FROM_QUEUED}))
                .replaceWithVoid();
    }

    /** A message the gate deferred: due again at {@code retryAt}, with the proof of why. */
    public record Deferred(UUID id, Instant retryAt, JsonObject proof, String reason) {}

    public Uni<Void> defer(SqlClient conn, List<Deferred> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = rows.stream()
                .map(d -> Tuple.of(d.id(), TimeSource.utc(d.retryAt()), d.proof(), d.reason(), FROM_QUEUED))
                .toList();
        return conn.preparedQuery("""
                update message
                set due_at = $2, decision = $3, last_error = $4, updated_at = now(), version = version + 1
                where id = $1 and status = any($5)""").executeBatch(tuples).replaceWithVoid();
    }

    /** A message the gate refused for good (opt-out, lead status, cool-down): never sent. */
    public record Refused(UUID id, JsonObject proof, String reason) {}

    public Uni<Void> cancelByGate(SqlClient conn, List<Refused> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = rows.stream()
                .map(r -> Tuple.of(r.id(), r.proof(), r.reason(), FROM_QUEUED))
                .toList();
        return conn.preparedQuery("""
                update message
                set status = 'cancelled', due_at = null, decision = $2, last_error = $3, updated_at = now(),
                    version = version + 1
                where id = $1 and status = any($4)""").executeBatch(tuples).replaceWithVoid();
    }

    // --- outcomes (outbox) --------------------------------------------------------------------------

    private static final String[] SENDING_ONLY = {SENDING.dbValue()};

    /** The providers took these messages. */
    public Uni<Void> markSent(SqlClient conn, UUID[] ids, String[] providerRefs) {
        MessageStatus.guard(SENT, SENDING);
        return conn.preparedQuery("""
                update message m set status = 'sent', sent_at = now(), provider_ref = u.ref, last_error = null,
                    updated_at = now(), version = m.version + 1
                from unnest($1::uuid[], $2::text[]) as u(id, ref)
                where m.id = u.id and m.status = any($3)""")
                .execute(Tuple.of(ids, providerRefs, SENDING_ONLY))
                .replaceWithVoid();
    }

    /** The provider will never take it (a permanent refusal, or too many attempts). */
    public Uni<Boolean> fail(SqlClient conn, UUID id, String error) {
        MessageStatus.guard(FAILED, SENDING);
        return conn.preparedQuery("""
                update message set status = 'failed', last_error = $2, updated_at = now(), version = version + 1
                where id = $1 and status = any($3)""")
                .execute(Tuple.of(id, error, SENDING_ONLY))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Not taken this time: back to the queue, due later, its Message-ID forgotten. True when it moved. */
    public Uni<Boolean> requeue(SqlClient conn, UUID id, Instant due, int attempts, String error) {
        MessageStatus.guard(QUEUED, SENDING);
        return conn.preparedQuery("""
                update message set status = 'queued', due_at = $2, attempts = $3, last_error = $4,
                    rfc_message_id = null, updated_at = now(), version = version + 1
                where id = $1 and status = any($5)""")
                .execute(Tuple.from(new Object[] {id, TimeSource.utc(due), attempts, error, SENDING_ONLY}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Nobody can tell whether it left: an operator decides. */
    public Uni<Boolean> hold(SqlClient conn, UUID id, String reason) {
        MessageStatus.guard(HELD, SENDING);
        return conn.preparedQuery("""
                update message set status = 'held', last_error = $2, updated_at = now(), version = version + 1
                where id = $1 and status = any($3)""")
                .execute(Tuple.of(id, reason, SENDING_ONLY))
                .map(rows -> rows.rowCount() == 1);
    }

    /** What an operator decided a held message was. */
    public enum Resolution {
        /** It left: the provider took it. */
        SENT,
        /** It did not leave, and must not. */
        CANCELLED,
        /** Send it again; it may reach the person twice. */
        REQUEUE
    }

    private static final String[] HELD_ONLY = {HELD.dbValue()};

    /**
     * Moves a held message by an operator's decision; null when it is not held (any more). The
     * provider's last answer stays on the message; the decision and its reason are the audit's.
     */
    public Uni<Moved> resolveHeld(SqlClient conn, UUID id, Resolution resolution) {
        String set = switch (resolution) {
            case SENT -> {
                MessageStatus.guard(SENT, HELD);
                yield "status = 'sent', sent_at = coalesce(sent_at, claimed_at, now())";
            }
            case CANCELLED -> {
                MessageStatus.guard(CANCELLED, HELD);
                yield "status = 'cancelled', due_at = null";
            }
            case REQUEUE -> {
                MessageStatus.guard(QUEUED, HELD);
                yield "status = 'queued', due_at = now(), rfc_message_id = null";
            }
        };
        return conn.preparedQuery("update message set " + set + """
                , updated_at = now(), version = version + 1
                where id = $1 and status = any($2)
                returning id, lead_id""")
                .execute(Tuple.of(id, HELD_ONLY))
                .map(rows -> rows.size() == 0 ? null : Moved.of(rows).get(0));
    }

    /** Messages still {@code sending} since before {@code cutoff} lost their outcome in a crash. */
    public Uni<List<Moved>> holdStale(SqlClient conn, Instant cutoff) {
        MessageStatus.guard(HELD, SENDING);
        return conn.preparedQuery("""
                update message set status = 'held', updated_at = now(), version = version + 1,
                    last_error = 'no outcome recorded: the process stopped while sending'
                where status = any($2) and claimed_at < $1
                returning id, lead_id""")
                .execute(Tuple.of(TimeSource.utc(cutoff), SENDING_ONLY))
                .map(Moved::of);
    }
}
