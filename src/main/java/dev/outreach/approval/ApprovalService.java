package dev.outreach.approval;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Text;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The approval queue's transitions. Only a PENDING item can be edited, approved or rejected;
 * approving queues its message for the gate and the outbox, rejecting closes it. Each review is
 * audited with the reviewer and the time.
 */
@ApplicationScoped
public class ApprovalService {

    static final int MAX_BULK = 500;

    @Inject
    Pool pool;

    @Inject
    AuditLog audit;

    public Uni<Void> approve(long id, String actor) {
        return approveAll(List.of(id), actor).map(result -> single(id, result));
    }

    public Uni<Void> reject(long id, String reason, String actor) {
        return rejectAll(List.of(id), reason, actor).map(result -> single(id, result));
    }

    /** Approves every PENDING item among {@code ids}; the others are reported as skipped. */
    public Uni<ReviewResult> approveAll(List<Long> ids, String actor) {
        return review(ids, actor, "APPROVED", null);
    }

    public Uni<ReviewResult> rejectAll(List<Long> ids, String reason, String actor) {
        String checked = reason == null ? "" : Text.checked("reason", reason).strip();
        if (checked.isEmpty()) {
            throw new InvalidInputException("reason", "say why it is rejected");
        }
        if (checked.length() > 500) {
            throw new InvalidInputException("reason", "is longer than 500 characters");
        }
        return review(ids, actor, "REJECTED", checked);
    }

    /** Replaces subject and body of a PENDING item (re-checked by {@link ContentRules}). */
    public Uni<Void> edit(long id, String subject, String body, Integer expectedVersion, String actor) {
        ContentRules.Checked content = ContentRules.check(subject, body);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update message m set subject = $2, body = $3, updated_at = now(), version = m.version + 1
                from approval a
                where a.id = $1 and a.message_id = m.id and a.status = 'PENDING' and m.status = 'pending_approval'
                  and ($4::int is null or a.version = $4)
                returning m.id, m.lead_id""").execute(Tuple.of(id, content.subject(), content.body(), expectedVersion))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return explainMiss(conn, id, expectedVersion);
                    }
                    Row row = rows.iterator().next();
                    return conn.preparedQuery("update approval set version = version + 1 where id = $1")
                            .execute(Tuple.of(id))
                            .flatMap(x -> audit.record(conn, AuditEntry.of(actor, "approval.edited")
                                    .entity("approval", id).lead(row.getLong("lead_id"))
                                    .detail("message", row.getUUID("id").toString())
                                    .detail("subjectLength", content.subject().length())
                                    .detail("bodyLength", content.body().length())));
                }));
    }

    /** Pending items older than their expiry become EXPIRED, with their messages. */
    public Uni<Integer> expireOverdue() {
        return pool.withTransaction(conn -> conn.query("""
                with expired as (
                    update approval set status = 'EXPIRED', reviewed_by = 'system', reviewed_at = now(),
                        reason = 'not reviewed within 7 days', version = version + 1
                    where status = 'PENDING' and expires_at < now()
                    returning id, message_id)
                update message m set status = 'expired', updated_at = now(), version = m.version + 1
                from expired e
                where m.id = e.message_id and m.status = 'pending_approval'
                returning e.id, m.lead_id""").execute()
                .flatMap(rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    rows.forEach(row -> entries.add(AuditEntry.of("system", "approval.expired")
                            .entity("approval", row.getLong("id")).lead(row.getLong("lead_id"))));
                    return audit.recordAll(conn, entries).replaceWith(rows.rowCount());
                }));
    }

    private Uni<ReviewResult> review(List<Long> ids, String actor, String verdict, String reason) {
        if (ids == null || ids.isEmpty()) {
            throw new InvalidInputException("ids", "give at least one approval id");
        }
        if (ids.size() > MAX_BULK) {
            throw new InvalidInputException("ids", "at most " + MAX_BULK + " items at once");
        }
        Set<Long> wanted = new LinkedHashSet<>(ids);
        String messageStatus = verdict.equals("APPROVED") ? "queued" : "rejected";
        return pool.withTransaction(conn -> conn.preparedQuery("""
                with reviewed as (
                         update approval set status = $2, reviewed_by = $3, reviewed_at = now(), reason = $4,
                             version = version + 1
                         where id = any($1) and status = 'PENDING'
                         returning id, message_id),
                     moved as (
                         update message m set status = $5, due_at = now(), updated_at = now(), version = m.version + 1
                         from reviewed r
                         where m.id = r.message_id and m.status = 'pending_approval'
                         returning m.id)
                select r.id, r.message_id, m.lead_id
                from reviewed r join message m on m.id = r.message_id""")
                .execute(Tuple.of(wanted.toArray(Long[]::new), verdict, actor, reason, messageStatus))
                .flatMap(rows -> {
                    List<Long> reviewed = new ArrayList<>();
                    List<AuditEntry> entries = new ArrayList<>();
                    String action = verdict.equals("APPROVED") ? "approval.approved" : "approval.rejected";
                    rows.forEach(row -> {
                        reviewed.add(row.getLong("id"));
                        entries.add(AuditEntry.of(actor, action).entity("approval", row.getLong("id"))
                                .lead(row.getLong("lead_id")).detail("message", row.getUUID("message_id").toString())
                                .detail("reason", reason));
                    });
                    Set<Long> missed = new LinkedHashSet<>(wanted);
                    reviewed.forEach(missed::remove);
                    return audit.recordAll(conn, entries)
                            .flatMap(x -> skipped(conn, missed))
                            .map(skipped -> new ReviewResult(reviewed, skipped));
                }));
    }

    private static Uni<List<ReviewResult.Skipped>> skipped(SqlClient conn, Set<Long> missed) {
        if (missed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("select id, status, reviewed_by from approval where id = any($1)")
                .execute(Tuple.of((Object) missed.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, String> why = new HashMap<>();
                    rows.forEach(row -> why.put(row.getLong("id"), "already " + row.getString("status").toLowerCase()
                            + (row.getString("reviewed_by") == null ? "" : " by " + row.getString("reviewed_by"))));
                    return missed.stream().map(id -> new ReviewResult.Skipped(id, why.getOrDefault(id, "no such item")))
                            .toList();
                });
    }

    private static Void single(long id, ReviewResult result) {
        if (!result.reviewed().isEmpty()) {
            return null;
        }
        String reason = result.skipped().get(0).reason();
        if (reason.equals("no such item")) {
            throw NotFoundException.of("approval", id);
        }
        throw new ConflictException("id", "approval " + id + " is " + reason);
    }

    private static Uni<Void> explainMiss(SqlClient conn, long id, Integer expectedVersion) {
        return conn.preparedQuery("select status, version from approval where id = $1").execute(Tuple.of(id))
                .map((RowSet<Row> rows) -> {
                    if (rows.size() == 0) {
                        throw NotFoundException.of("approval", id);
                    }
                    Row row = rows.iterator().next();
                    if (!"PENDING".equals(row.getString("status"))) {
                        throw new ConflictException("id", "approval " + id + " is " + row.getString("status").toLowerCase()
                                + " and can no longer be edited");
                    }
                    throw new ConflictException("version", "approval " + id + " changed in the meantime (version "
                            + row.getInteger("version") + ", you had " + expectedVersion + "); reload and edit again");
                });
    }
}
