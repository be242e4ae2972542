package dev.outreach.gate;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one writer of {@code send_counter}: the caps' counters, one row per key such as
 * {@code live:email:2026-11-23}. Rows are locked in key order inside the claiming transaction, so
 * claimers never deadlock and replicas never overrun a cap together. The per-domain hourly throttle
 * counts from the messages themselves and needs only to be serialised per domain: a transaction-scoped
 * advisory lock per domain, taken in order before the counters, does that without a row to insert,
 * lock and write for every domain (issue 35: 20,001 such rows for 20,000 emails, never incremented).
 * Today the day's email counter row, locked by every email claim, serialises them all anyway; the
 * domain locks are what keep the throttle once the day's counter is taken last, as a conditional update.
 */
public final class SendCounters {

    private SendCounters() {}

    /**
     * Takes the claim's locks in one order, so claimers never deadlock: first one advisory lock per
     * recipient domain (serialising the claimers of the same domains until the transaction ends), then
     * the counter rows, created where missing, in key order. Returns what each counter has used.
     */
    static Uni<Map<String, Integer>> lock(SqlClient conn, String[] sortedKeys, String[] sortedDomains) {
        return conn.preparedQuery("""
                with domains as (
                    select count(pg_advisory_xact_lock(hashtextextended('domain:' || d, 0))) as locked
                    from (select d from unnest($2::text[]) with ordinality as u(d, n) order by n) ordered)
                insert into send_counter (counter_key)
                select k from unnest($1::text[]) as k, domains
                on conflict do nothing""")
                .execute(Tuple.of(sortedKeys, sortedDomains))
                .flatMap(ignored -> conn.preparedQuery(
                                "select counter_key, used from send_counter where counter_key = any($1) order by counter_key for update")
                        .execute(Tuple.of((Object) sortedKeys)))
                .map(rows -> {
                    Map<String, Integer> used = new HashMap<>();
                    rows.forEach(row -> used.put(row.getString("counter_key"), row.getInteger("used")));
                    return used;
                });
    }

    /** The counters as they stand, without locking or creating them: for a preview that spends nothing. */
    static Uni<Map<String, Integer>> read(SqlClient conn, String[] keys) {
        return conn.preparedQuery("select counter_key, used from send_counter where counter_key = any($1)")
                .execute(Tuple.of((Object) keys))
                .map(rows -> {
                    Map<String, Integer> used = new HashMap<>();
                    rows.forEach(row -> used.put(row.getString("counter_key"), row.getInteger("used")));
                    return used;
                });
    }

    /** Writes the new values of locked counters, in key order. */
    static Uni<Void> save(SqlClient conn, List<Tuple> keyAndUsed) {
        if (keyAndUsed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("update send_counter set used = $2, updated_at = now() where counter_key = $1")
                .executeBatch(keyAndUsed)
                .replaceWithVoid();
    }

    /** Gives back one contact that never happened (the provider did not take the message). */
    public static Uni<Void> refund(SqlClient conn, String key) {
        return conn.preparedQuery("""
                update send_counter set used = greatest(used - 1, 0), updated_at = now()
                where counter_key = $1""").execute(Tuple.of(key)).replaceWithVoid();
    }
}
