package dev.outreach.feedback;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a lead's answer does to its outreach, on the caller's transaction: stop its sequence,
 * set a wait before the next contact, record the reply for the operator.
 */
@ApplicationScoped
public class LeadSignals {

    @Inject
    AuditLog audit;

    /** Cancels every message of the lead not yet sent (drafts, items in review, queued steps). */
    public Uni<Integer> stopSequence(SqlClient conn, long leadId, String reason, String actor) {
        return stopSequences(conn, List.of(leadId), reason, actor);
    }

    /** {@link #stopSequence} for many leads in one statement. */
    public Uni<Integer> stopSequences(SqlClient conn, List<Long> leadIds, String reason, String actor) {
        if (leadIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return conn.preparedQuery("""
                with stopped as (
                         update message set status = 'cancelled', last_error = $2, updated_at = now(),
                             version = version + 1
                         where lead_id = any($1) and status in ('draft', 'pending_approval', 'queued')
                         returning id, lead_id),
                     rejected as (
                         update approval a set status = 'REJECTED', reviewed_by = 'system', reviewed_at = now(),
                             reason = $2, version = a.version + 1
                         from stopped s
                         where a.message_id = s.id and a.status = 'PENDING')
                select lead_id, count(*)::int as n from stopped group by lead_id""")
                .execute(Tuple.of(leadIds.toArray(Long[]::new), reason))
                .flatMap(rows -> {
                    Map<Long, Integer> cancelled = new HashMap<>();
                    rows.forEach(row -> cancelled.put(row.getLong("lead_id"), row.getInteger("n")));
                    List<AuditEntry> entries = leadIds.stream().map(id -> AuditEntry.of(actor, "sequence.stopped")
                            .entity("lead", id).lead(id).detail("reason", reason)
                            .detail("cancelledMessages", cancelled.getOrDefault(id, 0))).toList();
                    int total = cancelled.values().stream().mapToInt(Integer::intValue).sum();
                    return audit.recordAll(conn, entries).replaceWith(total);
                });
    }

    /** No contact of the lead before {@code until}; a later wait already set is kept. */
    public Uni<Void> waitUntil(SqlClient conn, long leadId, Instant until, String reason, String actor) {
        return conn.preparedQuery("""
                update lead set cooldown_until = greatest(coalesce(cooldown_until, $2), $2), updated_at = now(),
                    version = version + 1
                where id = $1""").execute(Tuple.of(leadId, TimeSource.utc(until)))
                .flatMap(x -> audit.record(conn, AuditEntry.of(actor, "lead.cooldown").entity("lead", leadId)
                        .lead(leadId).detail("until", until).detail("reason", reason)));
    }

    /** Records what the lead said, for the operator; a reply also moves the lead to {@code replied}. */
    public Uni<Long> reply(SqlClient conn, Long leadId, UUID messageId, String channel, String from, String subject,
            String body, String intent, String classifiedBy, boolean markReplied) {
        return conn.preparedQuery("""
                insert into reply (lead_id, message_id, channel, from_contact, subject, body, intent, classified_by)
                values ($1, $2, $3, $4, $5, $6, $7, $8)
                returning id""").execute(Tuple.from(new Object[] { leadId, messageId, channel, from, subject, body,
                        intent, classifiedBy }))
                .flatMap(rows -> {
                    long id = rows.iterator().next().getLong("id");
                    Uni<?> status = !markReplied || leadId == null ? Uni.createFrom().voidItem() : conn.preparedQuery("""
                            update lead set status = 'replied', updated_at = now(), version = version + 1
                            where id = $1 and status in ('verified', 'contacted', 'replied')""")
                            .execute(Tuple.of(leadId));
                    return status.flatMap(x -> audit.record(conn, AuditEntry.of("lead", "reply.received")
                            .entity("reply", id).lead(leadId).detail("channel", channel).detail("intent", intent)
                            .detail("classifiedBy", classifiedBy))).replaceWith(id);
                });
    }
}
