package dev.outreach.source;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * The one writer of {@code lead_search} and {@code lead_search_problem}: a search opens
 * running, counts up lead by lead, and ends once — completed, failed or cancelled. Every transition
 * after the first is guarded by {@code status = 'running'} here and by the V16 trigger, so a
 * cancelled search's last lead cannot reopen it.
 */
@ApplicationScoped
public class LeadSearches {

    /** Problems kept per search for the operator; the counters include every one. */
    static final int MAX_PROBLEMS = 200;

    public enum Status {
        RUNNING,
        COMPLETED,
        FAILED,
        CANCELLED;

        public String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What one lead of the results came to. */
    public record Outcome(boolean created, boolean duplicate, List<SourceRuns.Problem> problems) {

        boolean rejected() {
            return !created && !duplicate;
        }
    }

    private final Pool pool;

    LeadSearches(Pool pool) {
        this.pool = pool;
    }

    /** A new running search; {@code schedule} is the weekly search it is a run of, or null. */
    public Uni<Long> open(SqlClient conn, String source, String query, JsonObject params, String actor, Long schedule) {
        return conn.preparedQuery("""
                insert into lead_search (source, query, params, requested_by, schedule_id) values ($1, $2, $3, $4, $5)
                returning id""")
                .execute(Tuple.of(source, query, params, actor, schedule))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /**
     * Counts one lead of the results and keeps its problems (up to {@link #MAX_PROBLEMS}); false when
     * the search no longer runs (an operator cancelled it), and then nothing is written.
     */
    public Uni<Boolean> counted(long id, int position, Outcome outcome) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update lead_search set fetched = fetched + 1, created = created + $2, duplicates = duplicates + $3,
                    rejected = rejected + $4, heartbeat_at = now()
                where id = $1 and status = 'running'
                returning (select count(*) from lead_search_problem where search_id = $1) as problems""")
                .execute(Tuple.of(
                        id, outcome.created() ? 1 : 0, outcome.duplicate() ? 1 : 0, outcome.rejected() ? 1 : 0))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    long kept = rows.iterator().next().getLong("problems");
                    List<SourceRuns.Problem> problems = outcome.problems().stream()
                            .limit(Math.max(0, MAX_PROBLEMS - kept))
                            .toList();
                    if (problems.isEmpty()) {
                        return Uni.createFrom().item(true);
                    }
                    return conn.preparedQuery("""
                            insert into lead_search_problem (search_id, position, field, message)
                            select $1, $2, * from unnest($3::text[], $4::text[])""")
                            .execute(Tuple.of(
                                    id,
                                    position,
                                    problems.stream()
                                            .map(SourceRuns.Problem::field)
                                            .toArray(String[]::new),
                                    problems.stream()
                                            .map(SourceRuns.Problem::message)
                                            .toArray(String[]::new)))
                            .replaceWith(true);
                }));
    }

    /** Whether the search still runs (an operator may have cancelled it). */
    public Uni<Boolean> running(long id) {
        return pool.preparedQuery("select status = 'running' as running from lead_search where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 1 && rows.iterator().next().getBoolean("running"));
    }

    /** Ends a running search completed or failed; false when it had already ended (cancelled). */
    public Uni<Boolean> finish(long id, Status status, String error) {
        if (status != Status.COMPLETED && status != Status.FAILED) {
            throw new IllegalArgumentException("a search finishes completed or failed, not " + status);
        }
        return pool.preparedQuery("""
                update lead_search set status = $2, error = $3, finished_at = now()
                where id = $1 and status = 'running'""")
                .execute(Tuple.of(id, status.dbValue(), error))
                .map(rows -> rows.rowCount() == 1);
    }

    /** An operator stops a running search; what it took in so far stays. False when it had ended. */
    public Uni<Boolean> cancel(SqlClient conn, long id, String actor) {
        return conn.preparedQuery("""
                update lead_search set status = 'cancelled', cancelled_by = $2, finished_at = now()
                where id = $1 and status = 'running'""").execute(Tuple.of(id, actor)).map(rows -> rows.rowCount() == 1);
    }

    /** The replica running these searches is alive. */
    public Uni<Void> keepAlive(Long[] ids) {
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(
                        "update lead_search set heartbeat_at = now() where id = any($1) and status = 'running'")
                .execute(Tuple.of((Object) ids))
                .replaceWithVoid();
    }

    /** Searches whose replica went silent for {@code lostAfter} (a crash, a restart) are marked failed. */
    public Uni<List<Row>> failAbandoned(Duration lostAfter) {
        return pool.preparedQuery("""
                update lead_search set status = 'failed', finished_at = now(),
                    error = 'interrupted: the server running it stopped; start it again (leads already taken in count as duplicates)'
                where status = 'running' and heartbeat_at < now() - make_interval(secs => $1)
                returning id""")
                .execute(Tuple.of((double) lostAfter.toSeconds()))
                .map(rows -> {
                    List<Row> list = new java.util.ArrayList<>();
                    rows.forEach(list::add);
                    return list;
                });
    }
}
