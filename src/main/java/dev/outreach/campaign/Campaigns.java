package dev.outreach.campaign;

import static dev.outreach.campaign.CampaignStatus.COMPLETED;
import static dev.outreach.campaign.CampaignStatus.FAILED;
import static dev.outreach.campaign.CampaignStatus.HALTED;
import static dev.outreach.campaign.CampaignStatus.QUEUED;
import static dev.outreach.campaign.CampaignStatus.RUNNING;

import dev.outreach.contact.Channel;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one writer of the {@code campaign} table: runs start, are drafted (with a heartbeat so a
 * crashed drafter's run is taken over), halt and resume, and end completed or failed — each a named
 * transition guarded by {@link CampaignStatus}, on the caller's connection.
 */
@ApplicationScoped
public class Campaigns {

    private static final String[] ACTIVE = CampaignStatus.guard(FAILED, QUEUED, RUNNING);
    private static final String[] RUNNING_ONLY = CampaignStatus.guard(HALTED, RUNNING);
    private static final String[] HALTED_ONLY = CampaignStatus.guard(RUNNING, HALTED);

    private final Pool pool;

    Campaigns(Pool pool) {
        this.pool = pool;
    }

    /**
     * Starts a run, or returns null when another run of the channel is active or this scheduled run
     * (its {@code runKey}) was already started: one active run per channel, across replicas.
     */
    public Uni<Long> start(SqlClient conn, Channel channel, boolean dryRun, String trigger, String runKey,
            String actor, JsonArray steps) {
        return conn.preparedQuery("""
                insert into campaign (channel, dry_run, status, trigger, run_key, requested_by, started_at, sequence,
                                      drafting_at)
                values ($1, $2, 'running', $3, $4, $5, now(), $6, now())
                on conflict do nothing
                returning id""").execute(Tuple.from(new Object[] { channel.dbValue(), dryRun, trigger, runKey, actor,
                        steps }))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
    }

    /** The drafting replica is alive: its runs are not taken over. */
    public Uni<Void> keepDrafting(Long[] ids) {
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("update campaign set drafting_at = now() where id = any($1) and composed_at is null")
                .execute(Tuple.of((Object) ids)).replaceWithVoid();
    }

    /** Runs whose drafter was silent for {@code lostAfter} (a crash); this replica takes them over. */
    public Uni<List<Long>> takeOverDrafting(SqlClient conn, Duration lostAfter, Long[] mine) {
        return conn.preparedQuery("""
                update campaign set drafting_at = now(), version = version + 1
                where status = 'running' and composed_at is null
                  and drafting_at < now() - make_interval(secs => $1)
                  and not (id = any($2))
                returning id""").execute(Tuple.of((double) lostAfter.toSeconds(), mine)).map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getLong("id")));
                    return ids;
                });
    }

    /** Every lead of the run has its draft. */
    public Uni<Void> markDrafted(SqlClient conn, long id) {
        return conn.preparedQuery("update campaign set composed_at = now(), version = version + 1 where id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Boolean> markFailed(SqlClient conn, long id, String reason) {
        return conn.preparedQuery("""
                update campaign set status = 'failed', halt_reason = $2, finished_at = now(), version = version + 1
                where id = $1 and status = any($3)""").execute(Tuple.of(id, reason, ACTIVE))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Completes drafted runs none of whose messages is still queued or being sent, with the report of
     * their messages by status; returns the completed runs.
     */
    public Uni<List<Row>> completeFinished(SqlClient conn) {
        CampaignStatus.guard(COMPLETED, RUNNING);
        return conn.preparedQuery("""
                update campaign c
                set status = 'completed', finished_at = now(), version = c.version + 1,
                    report = (select coalesce(jsonb_object_agg(s.status, s.n), '{}'::jsonb)
                              from (select status, count(*) as n from message where campaign_id = c.id group by status) s)
                where c.status = any($1) and c.composed_at is not null
                  and not exists (select 1 from message m where m.campaign_id = c.id and m.status in ('queued', 'sending'))
                returning c.id, c.channel, c.dry_run, c.report, c.started_at, c.finished_at""")
                .execute(Tuple.of((Object) RUNNING_ONLY)).map(rows -> {
                    List<Row> done = new ArrayList<>();
                    rows.forEach(done::add);
                    return done;
                });
    }

    public Uni<Boolean> halt(SqlClient conn, long id, String reason) {
        return conn.preparedQuery("""
                update campaign set status = 'halted', halt_reason = $2, halted_at = now(), version = version + 1
                where id = $1 and status = any($3)""").execute(Tuple.of(id, reason, RUNNING_ONLY))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> resume(SqlClient conn, long id) {
        return conn.preparedQuery("""
                update campaign set status = 'running', halt_reason = null, halted_at = null, version = version + 1
                where id = $1 and status = any($2)""").execute(Tuple.of(id, HALTED_ONLY))
                .map(rows -> rows.rowCount() == 1);
    }
}
