package dev.outreach.approval;

import static dev.outreach.approval.ApprovalStatus.APPROVED;
import static dev.outreach.approval.ApprovalStatus.EXPIRED;
import static dev.outreach.approval.ApprovalStatus.PENDING;
import static dev.outreach.approval.ApprovalStatus.REJECTED;

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
 * The one writer of the {@code approval} table: an item opens PENDING with its drafted
 * message and is closed once, by an operator, by expiry, or by the system when its message was
 * cancelled. Each transition is guarded by {@link ApprovalStatus} and runs on the caller's connection.
 */
@ApplicationScoped
public class Approvals {

    private static final String[] FROM_PENDING = ApprovalStatus.guard(APPROVED, PENDING);

    /** An approval item and the message it reviews. */
    public record Item(long id, UUID messageId) {}

    /** Opens a review for each drafted message, each expiring at its own time. */
    public Uni<Void> open(SqlClient conn, UUID[] messageIds, OffsetDateTime[] expiresAt) {
        return open(conn, messageIds, expiresAt, false);
    }

    /**
     * Opens reviews; with {@code approveWhenScored} (approval off, spamd on: issue 29) each leaves by itself
     * once SpamAssassin scores it within the threshold, and otherwise waits for an operator.
     */
    public Uni<Void> open(SqlClient conn, UUID[] messageIds, OffsetDateTime[] expiresAt, boolean approveWhenScored) {
        if (messageIds.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                insert into approval (message_id, expires_at, approve_when_scored)
                select m, e, $3 from unnest($1::uuid[], $2::timestamptz[]) as t(m, e)""")
                .execute(Tuple.of(messageIds, expiresAt, approveWhenScored))
                .replaceWithVoid();
    }

    /** Drafts opened with {@code approveWhenScored} that SpamAssassin scored within the threshold. */
    public Uni<List<Long>> scoredToLeave(SqlClient conn, double spamThreshold, int limit) {
        return conn.preparedQuery("""
                select id from approval
                where status = 'PENDING' and approve_when_scored and spam_scored_at is not null and spam_score <= $1
                order by id limit $2""").execute(Tuple.of(spamThreshold, limit)).map(rows -> {
            List<Long> ids = new ArrayList<>(rows.size());
            rows.forEach(r -> ids.add(r.getLong("id")));
            return ids;
        });
    }

    /**
     * Approves or rejects every PENDING item among {@code ids}; returns those reviewed. A draft that
     * SpamAssassin scored above {@code spamThreshold} is not approved: it is edited first; with
     * {@code scoredEmailOnly} (spamd configured) an email draft it has not scored is not approved either.
     */
    public Uni<List<Item>> review(
            SqlClient conn,
            Long[] ids,
            ApprovalStatus verdict,
            String actor,
            String reason,
            double spamThreshold,
            boolean scoredEmailOnly) {
        ApprovalStatus.guard(verdict, PENDING);
        if (verdict != APPROVED && verdict != REJECTED) {
            throw new IllegalArgumentException("an operator approves or rejects, not " + verdict);
        }
        return conn.preparedQuery("""
                update approval set status = $2, reviewed_by = $3, reviewed_at = now(), reason = $4,
                    version = version + 1
                where id = any($1) and status = any($5)
                  and ($2 <> 'APPROVED' or spam_score is null or spam_score <= $6)
                  and ($2 <> 'APPROVED' or not $7 or spam_scored_at is not null
                       or (select channel from message where message.id = approval.message_id) <> 'email')
                returning id, message_id""")
                .execute(Tuple.from(
                        new Object[] {ids, verdict.name(), actor, reason, FROM_PENDING, spamThreshold, scoredEmailOnly
                        }))
                .map(Approvals::items);
    }

    /** A PENDING email draft at {@code version} and what is needed to score it as it would leave. */
    /** A draft waiting for its score, with its lead's language tag (null: the business default). */
    public record Unscored(
            long id,
            int version,
            UUID messageId,
            String recipient,
            String subject,
            String body,
            String businessName,
            String language) {}

    /** PENDING email drafts not scored yet, oldest first. */
    public Uni<List<Unscored>> unscored(SqlClient conn, int limit) {
        return conn.preparedQuery("""
                select a.id, a.version, m.id as message_id, m.recipient, m.subject, m.body, l.business_name, l.language
                from approval a join message m on m.id = a.message_id join lead l on l.id = m.lead_id
                where a.status = 'PENDING' and a.spam_scored_at is null and m.channel = 'email'
                order by a.id limit $1""").execute(Tuple.of(limit)).map(rows -> {
            List<Unscored> items = new ArrayList<>(rows.size());
            rows.forEach(r -> items.add(new Unscored(
                    r.getLong("id"),
                    r.getInteger("version"),
                    r.getUUID("message_id"),
                    r.getString("recipient"),
                    r.getString("subject"),
                    r.getString("body"),
                    r.getString("business_name"),
                    r.getString("language"))));
            return items;
        });
    }

    /**
     * Records SpamAssassin's score of a PENDING item still at {@code version} (an edit in the meantime
     * makes the score stale: it is dropped, and the edited draft is scored again). Returns whether kept.
     */
    public Uni<Boolean> scored(SqlClient conn, long id, int version, double score, List<String> rules) {
        return conn.preparedQuery("""
                update approval set spam_score = $3, spam_rules = $4, spam_scored_at = now()
                where id = $1 and version = $2 and status = 'PENDING'""")
                .execute(Tuple.of(id, version, score, String.join(",", rules)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Takes an edit of a PENDING item: its version moves on, so a concurrent stale edit is refused, and
     * its spam score is cleared, to be taken again for the new text.
     * Returns the message to change, or null when the item is not pending or not at that version.
     */
    public Uni<UUID> beginEdit(SqlClient conn, long id, Integer expectedVersion) {
        return conn.preparedQuery("""
                update approval set version = version + 1, spam_score = null, spam_rules = null, spam_scored_at = null
                where id = $1 and status = 'PENDING' and ($2::int is null or version = $2)
                returning message_id""")
                .execute(Tuple.of(id, expectedVersion))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("message_id"));
    }

    /** Pending items past their expiry. */
    public Uni<List<Item>> expireOverdue(SqlClient conn, Instant now) {
        ApprovalStatus.guard(EXPIRED, PENDING);
        return conn.preparedQuery("""
                update approval set status = 'EXPIRED', reviewed_by = 'system', reviewed_at = now(),
                    reason = 'not reviewed within 7 days', version = version + 1
                where status = any($2) and expires_at < $1
                returning id, message_id""")
                .execute(Tuple.of(TimeSource.utc(now), FROM_PENDING))
                .map(Approvals::items);
    }

    /** The messages were cancelled (opt-out, a reply, a bounce): their pending reviews close as rejected. */
    public Uni<Void> closeForCancelled(SqlClient conn, UUID[] messageIds, String reason) {
        ApprovalStatus.guard(REJECTED, PENDING);
        if (messageIds.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                update approval set status = 'REJECTED', reviewed_by = 'system', reviewed_at = now(),
                    reason = $2, version = version + 1
                where message_id = any($1) and status = any($3)""")
                .execute(Tuple.of(messageIds, reason, FROM_PENDING))
                .replaceWithVoid();
    }

    private static List<Item> items(RowSet<Row> rows) {
        List<Item> items = new ArrayList<>(rows.size());
        rows.forEach(row -> items.add(new Item(row.getLong("id"), row.getUUID("message_id"))));
        return items;
    }
}
