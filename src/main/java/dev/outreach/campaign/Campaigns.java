package dev.outreach.campaign;

import static dev.outreach.campaign.CampaignStatus.AWAITING_APPROVAL;
import static dev.outreach.campaign.CampaignStatus.COMPLETED;
import static dev.outreach.campaign.CampaignStatus.FAILED;
import static dev.outreach.campaign.CampaignStatus.HALTED;
import static dev.outreach.campaign.CampaignStatus.QUEUED;
import static dev.outreach.campaign.CampaignStatus.RUNNING;

import dev.outreach.common.ConflictException;
import dev.outreach.contact.Channel;
import dev.outreach.language.Language;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one writer of the {@code campaign} table: runs start, are drafted (with a heartbeat so a
 * crashed drafter's run is taken over), await approval while drafts wait for review, halt and resume,
 * and end completed (every message final) or failed — each a named transition guarded by
 * {@link CampaignStatus}, on the caller's connection.
 */
@ApplicationScoped
public class Campaigns {

    private static final String[] ACTIVE = CampaignStatus.guard(FAILED, QUEUED, RUNNING, AWAITING_APPROVAL);
    private static final String[] SENDING = CampaignStatus.guard(HALTED, RUNNING, AWAITING_APPROVAL);
    private static final String[] FINISHING = CampaignStatus.guard(COMPLETED, RUNNING, AWAITING_APPROVAL);
    private static final String[] RUNNING_ONLY = CampaignStatus.guard(AWAITING_APPROVAL, RUNNING);
    private static final String[] AWAITING_ONLY = CampaignStatus.guard(RUNNING, AWAITING_APPROVAL);
    private static final String[] HALTED_ONLY = CampaignStatus.guard(RUNNING, HALTED);
    /** A message in one of these is not final: the run it belongs to has not completed. */
    static final String OPEN_MESSAGE = "('draft', 'pending_approval', 'queued', 'sending')";

    private static final String IN_REVIEW = "('draft', 'pending_approval')";
    /** How many distinct errors a report lists. */
    static final int REPORT_ERRORS = 10;

    private final Pool pool;

    Campaigns(Pool pool) {
        this.pool = pool;
    }

    /**
     * Starts a run of every lead, or returns null when another such run of the channel is active or
     * this scheduled run (its {@code runKey}) was already started: across replicas, by unique indexes.
     */
    public Uni<Long> start(
            SqlClient conn,
            Channel channel,
            boolean dryRun,
            String trigger,
            String runKey,
            String actor,
            JsonArray steps) {
        return start(conn, channel, dryRun, trigger, runKey, actor, steps, null, Segment.ANY, null);
    }

    /**
     * Starts a run of a saved campaign ({@code definition}, or null for every lead), aimed at
     * {@code segment}, speaking {@code language} to leads without their own (null: the default); null when
     * a run of the definition (or, for every lead, of the channel) is active. Saved campaigns on one channel
     * run side by side.
     */
    public Uni<Long> start(
            SqlClient conn,
            Channel channel,
            boolean dryRun,
            String trigger,
            String runKey,
            String actor,
            JsonArray steps,
            Long definition,
            Segment segment,
            Language language) {
        return conn.preparedQuery("""
                insert into campaign (channel, dry_run, status, trigger, run_key, requested_by, started_at, sequence,
                                      drafting_at, definition_id, segment, language)
                values ($1, $2, 'running', $3, $4, $5, now(), $6, now(), $7, $8, $9)
                on conflict do nothing
                returning id""")
                .execute(Tuple.from(new Object[] {
                    channel.dbValue(),
                    dryRun,
                    trigger,
                    runKey,
                    actor,
                    steps,
                    definition,
                    segment.any() ? null : segment.json(),
                    language == null ? null : language.tag()
                }))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
    }

    /** The drafting replica is alive: its runs are not taken over. */
    public Uni<Void> keepDrafting(Long[] ids) {
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("update campaign set drafting_at = now() where id = any($1) and composed_at is null")
                .execute(Tuple.of((Object) ids))
                .replaceWithVoid();
    }

    /** Runs whose drafter was silent for {@code lostAfter} (a crash); this replica takes them over. */
    public Uni<List<Long>> takeOverDrafting(SqlClient conn, Duration lostAfter, Long[] mine) {
        return conn.preparedQuery("""
                update campaign set drafting_at = now(), version = version + 1
                where status = 'running' and composed_at is null
                  and drafting_at < now() - make_interval(secs => $1)
                  and not (id = any($2))
                returning id""")
                .execute(Tuple.of((double) lostAfter.toSeconds(), mine))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getLong("id")));
                    return ids;
                });
    }

    /** Every lead of the run has its draft. */
    public Uni<Void> markDrafted(SqlClient conn, long id) {
        return conn.preparedQuery("update campaign set composed_at = now(), version = version + 1 where id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    public Uni<Boolean> markFailed(SqlClient conn, long id, String reason) {
        return conn.preparedQuery("""
                update campaign set status = 'failed', halt_reason = $2, finished_at = now(), version = version + 1
                where id = $1 and status = any($3)""").execute(Tuple.of(id, reason, ACTIVE)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Completes drafted runs every message of which is final (sent, delivered, dry-run, failed, bounced,
     * held, cancelled, rejected, expired), with the report of their messages by status and their
     * commonest errors; returns the completed runs.
     */
    public Uni<List<Row>> completeFinished(SqlClient conn) {
        return conn.preparedQuery("""
                update campaign c
                set status = 'completed', finished_at = now(), version = c.version + 1,
                    report = (select coalesce(jsonb_object_agg(s.status, s.n), '{}'::jsonb)
                              from (select status, count(*) as n from message where campaign_id = c.id group by status) s),
                    errors = (select jsonb_build_object('top', coalesce(jsonb_agg(jsonb_build_object('status', e.status,
                                                 'error', e.last_error, 'count', e.n) order by e.n desc, e.last_error),
                                                 '[]'::jsonb))
                              from (select status, last_error, count(*) as n from message
                                    where campaign_id = c.id and last_error is not null and last_error <> ''
                                      and status in ('failed', 'bounced', 'held', 'cancelled')
                                    group by status, last_error order by count(*) desc, last_error limit $2) e)
                where c.status = any($1) and c.composed_at is not null
                  and not exists (select 1 from message m where m.campaign_id = c.id and m.status in """ + OPEN_MESSAGE + """
                )
                returning c.id, c.channel, c.dry_run, c.report, c.errors, c.started_at, c.finished_at""")
                .execute(Tuple.of((Object) FINISHING, REPORT_ERRORS))
                .map(Campaigns::list);
    }

    /**
     * Drafted runs with drafts in review await approval; those whose reviews are all done run on until
     * their messages are final. Returns the runs that moved, with their new status.
     */
    public Uni<List<Row>> settleReview(SqlClient conn) {
        return conn.preparedQuery("""
                update campaign c set status = 'awaiting_approval', version = c.version + 1
                where c.status = any($1) and c.composed_at is not null
                  and exists (select 1 from message m where m.campaign_id = c.id and m.status in """ + IN_REVIEW + """
                )
                returning c.id, c.status""")
                .execute(Tuple.of((Object) RUNNING_ONLY))
                .flatMap(waiting -> conn.preparedQuery("""
                        update campaign c set status = 'running', version = c.version + 1
                        where c.status = any($1)
                          and not exists (select 1 from message m where m.campaign_id = c.id and m.status in """ + IN_REVIEW + """
                        )
                        returning c.id, c.status""")
                        .execute(Tuple.of((Object) AWAITING_ONLY))
                        .map(reviewed -> {
                            List<Row> moved = list(waiting);
                            moved.addAll(list(reviewed));
                            return moved;
                        }));
    }

    private static List<Row> list(RowSet<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
    }

    public Uni<Boolean> halt(SqlClient conn, long id, String reason) {
        return conn.preparedQuery("""
                update campaign set status = 'halted', halt_reason = $2, halted_at = now(), version = version + 1
                where id = $1 and status = any($3)""").execute(Tuple.of(id, reason, SENDING)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Lets a halted run send again: false when it is not halted; refused (409) while another run takes
     * its place, the channel's every-lead run or its saved campaign's run (the one-active indexes).
     */
    public Uni<Boolean> resume(SqlClient conn, long id) {
        return conn.preparedQuery("""
                update campaign set status = 'running', halt_reason = null, halted_at = null, version = version + 1
                where id = $1 and status = any($2)""")
                .execute(Tuple.of(id, HALTED_ONLY))
                .map(rows -> rows.rowCount() == 1)
                .onFailure(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState()))
                .transform(e -> new ConflictException(
                        "id",
                        "another run "
                                + ("campaign_one_active_per_definition".equals(((PgException) e).getConstraint())
                                        ? "of this saved campaign"
                                        : "for every lead on this channel")
                                + " is active now; it must finish or be halted before this one resumes"));
    }
}
