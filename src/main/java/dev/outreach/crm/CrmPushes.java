package dev.outreach.crm;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of {@code crm_push}: what is still to reach the CRM. A push is queued in the
 * transaction of the event it reports, so an event that committed is pushed and one that rolled back
 * is not. The worker claims the oldest open push of each lead only, so a lead's events reach the CRM
 * in the order they happened, across replicas; a push left {@code pushing} by a replica that died is
 * claimed again after two minutes, and its retry looks for what the dead one may have made.
 */
@ApplicationScoped
public class CrmPushes {

    /** A push claimed longer ago than this was left by a replica that died. */
    static final int STALE_SECONDS = 120;

    private final Pool pool;
    private final CrmSystem system;

    CrmPushes(Pool pool, CrmConfig config) {
        this.pool = pool;
        this.system = CrmSystem.of(config.system());
    }

    /** A claimed push. {@code attempts} counts this one: above 1 it is a retry. */
    public record Claimed(long id, long leadId, CrmEvent event, String ref, int attempts) {

        public boolean retry() {
            return attempts > 1;
        }

        /** What the CRM record made by this push carries, so that a retry can find it. */
        public String marker() {
            return "outreach-push-" + id;
        }
    }

    /** A push as the operator sees it. */
    public record Push(
            long id,
            long leadId,
            String businessName,
            CrmEvent event,
            CrmPushStatus status,
            int attempts,
            Instant createdAt,
            Instant nextAt,
            String lastError,
            String crmRef) {}

    /** Queues the event for the lead in the caller's transaction; nothing when no CRM is set. */
    public Uni<Void> enqueue(SqlClient conn, long leadId, CrmEvent event, String ref) {
        return enqueue(conn, new Long[] {leadId}, event, ref);
    }

    /** Queues the event for each lead in the caller's transaction; nothing when no CRM is set. */
    public Uni<Void> enqueue(SqlClient conn, Long[] leads, CrmEvent event, String ref) {
        String[] refs = new String[leads.length];
        java.util.Arrays.fill(refs, ref);
        return enqueueAll(conn, leads, refs, event);
    }

    /** Queues one event per lead, {@code refs[i]} for {@code leads[i]}, in order; nothing when no CRM is set. */
    public Uni<Void> enqueueAll(SqlClient conn, Long[] leads, String[] refs, CrmEvent event) {
        if (system == CrmSystem.NONE || leads.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                insert into crm_push (lead_id, system, kind, ref)
                select t.l, $3, $4, t.r from unnest($1::bigint[], $2::text[]) with ordinality as t(l, r, n)
                where t.l is not null order by t.n""")
                .execute(Tuple.of(leads, refs, system.dbValue(), event.dbValue()))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} due pushes, the oldest open one of each lead only, and marks them
     * {@code pushing} by {@code instance}.
     */
    public Uni<List<Claimed>> claim(int limit, String instance) {
        String[] from = CrmPushStatus.guard(CrmPushStatus.PUSHING, CrmPushStatus.QUEUED);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                with due as (
                    select p.id from crm_push p
                    where p.system = $4
                      and ((p.status = any($3) and p.next_at <= now())
                           or (p.status = 'pushing' and p.claimed_at < now() - make_interval(secs => $5)))
                      and not exists (select 1 from crm_push e where e.lead_id = p.lead_id and e.id < p.id
                                      and e.status in ('queued', 'pushing', 'held'))
                    order by p.id limit $1 for update skip locked)
                update crm_push c set status = 'pushing', claimed_at = now(), claimed_by = $2, attempts = c.attempts + 1
                from due where c.id = due.id
                returning c.id, c.lead_id, c.kind, c.ref, c.attempts""")
                .execute(Tuple.of(limit, instance, from, system.dbValue(), (double) STALE_SECONDS))
                .map(CrmPushes::claimed));
    }

    private static List<Claimed> claimed(RowSet<Row> rows) {
        List<Claimed> list = new ArrayList<>();
        rows.forEach(r -> list.add(new Claimed(
                r.getLong("id"),
                r.getLong("lead_id"),
                CrmEvent.fromDb(r.getString("kind")),
                r.getString("ref"),
                r.getInteger("attempts"))));
        list.sort(java.util.Comparator.comparingLong(Claimed::id));
        return list;
    }

    /** The CRM has it: {@code crmRef} names what was made (a note, a deal, the contact). */
    public Uni<Boolean> done(long id, String crmRef) {
        return move(id, CrmPushStatus.DONE, """
                update crm_push set status = 'done', crm_ref = $3, done_at = now(), last_error = null
                where id = $1 and status = any($2)""", crmRef);
    }

    /** Back to the queue until {@code at}; {@code counted} false gives the attempt back (the CRM was paused). */
    public Uni<Boolean> later(long id, Instant at, String problem, boolean counted) {
        String[] from = CrmPushStatus.guard(CrmPushStatus.QUEUED, CrmPushStatus.PUSHING);
        return pool.preparedQuery("""
                update crm_push set status = 'queued', next_at = $3, last_error = $4,
                    attempts = case when $5 then attempts else greatest(attempts - 1, 0) end
                where id = $1 and status = any($2)""")
                .execute(Tuple.of(id, from, TimeSource.utc(at), problem, counted))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * The CRM answers again: pushes backing off after failures are due now, so that the backlog of an
     * outage drains at the rate limiter's pace instead of waiting out each push's back-off (up to 30
     * minutes). Returns how many were brought forward.
     */
    public Uni<Integer> dueAgain() {
        return pool.query("""
                update crm_push set next_at = now()
                where status = 'queued' and next_at > now() and last_error is not null""").execute().map(RowSet::rowCount);
    }

    /** Kept for the operator: it kept failing, or the CRM refused it for good. */
    public Uni<Boolean> hold(long id, String problem) {
        return move(id, CrmPushStatus.HELD, """
                update crm_push set status = 'held', last_error = $3 where id = $1 and status = any($2)""", problem);
    }

    /**
     * The operator's retry of a held push: queued again, at once, its attempts counted afresh from one,
     * so that it still looks for what an earlier attempt may have made.
     */
    public Uni<Boolean> retryHeld(long id) {
        String[] from = CrmPushStatus.guard(CrmPushStatus.QUEUED, CrmPushStatus.HELD);
        return pool.preparedQuery("""
                update crm_push set status = 'queued', next_at = now(), attempts = 1 where id = $1 and status = any($2)""").execute(Tuple.of(id, from)).map(rows -> rows.rowCount() == 1);
    }

    /** The operator's cancel of a held or queued push: it will not reach the CRM; the lead's next ones may. */
    public Uni<Boolean> cancel(long id) {
        String[] from = CrmPushStatus.guard(CrmPushStatus.CANCELLED, CrmPushStatus.HELD, CrmPushStatus.QUEUED);
        return pool.preparedQuery("update crm_push set status = 'cancelled' where id = $1 and status = any($2)")
                .execute(Tuple.of(id, from))
                .map(rows -> rows.rowCount() == 1);
    }

    private Uni<Boolean> move(long id, CrmPushStatus to, String sql, String text) {
        String[] from = CrmPushStatus.guard(to, CrmPushStatus.PUSHING);
        return pool.preparedQuery(sql).execute(Tuple.of(id, from, text)).map(rows -> rows.rowCount() == 1);
    }

    /** How many pushes are in each status. */
    public Uni<java.util.Map<CrmPushStatus, Long>> counts() {
        return pool.query("select status, count(*) as n from crm_push group by status")
                .execute()
                .map(rows -> {
                    java.util.Map<CrmPushStatus, Long> counts = new java.util.EnumMap<>(CrmPushStatus.class);
                    for (CrmPushStatus s : CrmPushStatus.values()) {
                        counts.put(s, 0L);
                    }
                    rows.forEach(r -> counts.put(CrmPushStatus.fromDb(r.getString("status")), r.getLong("n")));
                    return counts;
                });
    }

    /** Pushes in {@code status}, oldest first. */
    public Uni<List<Push>> list(CrmPushStatus status, int limit) {
        return pool.preparedQuery("""
                select p.id, p.lead_id, l.business_name, p.kind, p.status, p.attempts, p.created_at, p.next_at,
                       p.last_error, p.crm_ref
                from crm_push p join lead l on l.id = p.lead_id
                where p.status = $1 order by p.id limit $2""")
                .execute(Tuple.of(status.dbValue(), limit))
                .map(CrmPushes::pushes);
    }

    /** The lead's pushes, newest first. */
    public Uni<List<Push>> ofLead(long leadId, int limit) {
        return pool.preparedQuery("""
                select p.id, p.lead_id, l.business_name, p.kind, p.status, p.attempts, p.created_at, p.next_at,
                       p.last_error, p.crm_ref
                from crm_push p join lead l on l.id = p.lead_id
                where p.lead_id = $1 order by p.id desc limit $2""").execute(Tuple.of(leadId, limit)).map(CrmPushes::pushes);
    }

    private static List<Push> pushes(RowSet<Row> rows) {
        List<Push> list = new ArrayList<>();
        rows.forEach(r -> list.add(new Push(
                r.getLong("id"),
                r.getLong("lead_id"),
                r.getString("business_name"),
                CrmEvent.fromDb(r.getString("kind")),
                CrmPushStatus.fromDb(r.getString("status")),
                r.getInteger("attempts"),
                r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("next_at").toInstant(),
                r.getString("last_error"),
                r.getString("crm_ref"))));
        return list;
    }
}
