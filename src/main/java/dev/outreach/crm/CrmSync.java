package dev.outreach.crm;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * The one owner of {@code crm_sync}: the pull's checkpoint, and when the CRM was last pushed to,
 * read back, or refused our token.
 */
@ApplicationScoped
public class CrmSync {

    private final Pool pool;

    CrmSync(Pool pool) {
        this.pool = pool;
    }

    /** What the status page shows. */
    public record State(
            Instant pulledUntil,
            Instant lastPullAt,
            String lastPullError,
            Instant lastPushAt,
            Instant tokenRefusedAt,
            String tokenProblem) {

        static final State NEVER = new State(null, null, null, null, null, null);
    }

    public Uni<State> state(CrmSystem system) {
        return pool.preparedQuery("select * from crm_sync where system = $1")
                .execute(Tuple.of(system.dbValue()))
                .map(rows ->
                        rows.size() == 0 ? State.NEVER : state(rows.iterator().next()));
    }

    private static State state(Row r) {
        return new State(
                at(r, "pulled_until"),
                at(r, "last_pull_at"),
                r.getString("last_pull_error"),
                at(r, "last_push_at"),
                at(r, "token_refused_at"),
                r.getString("token_problem"));
    }

    private static Instant at(Row r, String column) {
        return Optional.ofNullable(r.getOffsetDateTime(column))
                .map(t -> t.toInstant())
                .orElse(null);
    }

    /** The pull got as far as {@code until}, in the pull's transaction. */
    public Uni<Void> pulled(SqlClient conn, CrmSystem system, Instant until) {
        return conn.preparedQuery("""
                insert into crm_sync (system, pulled_until, last_pull_at) values ($1, $2, now())
                on conflict (system) do update set pulled_until = greatest(crm_sync.pulled_until, excluded.pulled_until),
                    last_pull_at = now(), last_pull_error = null, token_refused_at = null, token_problem = null""")
                .execute(Tuple.of(system.dbValue(), until == null ? null : TimeSource.utc(until)))
                .replaceWithVoid();
    }

    public Uni<Void> pullFailed(CrmSystem system, String problem) {
        return pool.preparedQuery("""
                insert into crm_sync (system, last_pull_at, last_pull_error) values ($1, now(), $2)
                on conflict (system) do update set last_pull_at = now(), last_pull_error = excluded.last_pull_error""")
                .execute(Tuple.of(system.dbValue(), problem))
                .replaceWithVoid();
    }

    public Uni<Void> pushed(CrmSystem system) {
        return pool.preparedQuery("""
                insert into crm_sync (system, last_push_at) values ($1, now())
                on conflict (system) do update set last_push_at = now(), token_refused_at = null, token_problem = null""").execute(Tuple.of(system.dbValue())).replaceWithVoid();
    }

    public Uni<Void> tokenRefused(CrmSystem system, String problem) {
        return pool.preparedQuery("""
                insert into crm_sync (system, token_refused_at, token_problem) values ($1, now(), $2)
                on conflict (system) do update set token_refused_at = now(), token_problem = excluded.token_problem""")
                .execute(Tuple.of(system.dbValue(), problem))
                .replaceWithVoid();
    }
}
