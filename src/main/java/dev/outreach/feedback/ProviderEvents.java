package dev.outreach.feedback;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The one writer of {@code webhook_event}: the ids of provider events already applied, so a
 * replayed or retried delivery changes nothing. The id is recorded in the transaction that applies
 * the event. Kept 7 days, far longer than providers retry.
 */
@ApplicationScoped
public class ProviderEvents {

    /** Records the ids; returns those not seen before. */
    public Uni<Set<String>> recordFresh(SqlClient conn, String provider, String[] eventIds) {
        return conn.preparedQuery("""
                insert into webhook_event (provider, event_id)
                select $1, unnest($2::text[])
                on conflict do nothing
                returning event_id""").execute(Tuple.of(provider, eventIds)).map(rows -> {
            Set<String> fresh = new HashSet<>();
            rows.forEach(row -> fresh.add(row.getString("event_id")));
            return fresh;
        });
    }

    /** True when this is the first time the event arrives. */
    public Uni<Boolean> recordFresh(SqlClient conn, String provider, String eventId) {
        return conn.preparedQuery(
                        "insert into webhook_event (provider, event_id) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(provider, eventId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Whether this delivery was recorded before (a read: the insert of {@link #recordFresh} decides races). */
    public Uni<Boolean> seen(SqlClient conn, String provider, String eventId) {
        return conn.preparedQuery("select 1 from webhook_event where provider = $1 and event_id = $2")
                .execute(Tuple.of(provider, eventId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Integer> purge(SqlClient conn, Instant cutoff, int batch) {
        return conn.preparedQuery("""
                delete from webhook_event where (provider, event_id) in (
                    select provider, event_id from webhook_event where received_at < $1 limit $2)""")
                .execute(Tuple.of(TimeSource.utc(cutoff), batch))
                .map(RowSet::rowCount);
    }
}
