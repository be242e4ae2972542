package dev.outreach.gate;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * The one writer of {@code send_counter}: the caps' counters, one row per key such as
 * {@code live:email:2026-11-23}. A claim reads the counters without locking them, lets the gate decide,
 * and spends them last, in one conditional update ({@code used + n <= cap}) just before it commits: claims
 * overlap instead of queueing on the day's counter row, and a claim whose spending would overrun a cap
 * because another spent meanwhile fails ({@link SpentMeanwhile}), rolls back whole and is tried again with
 * the counters as they are then. So replicas never overrun a cap together (issue 35).
 * The per-domain hourly throttle counts from the messages themselves and needs only to be serialised
 * per domain: a transaction-scoped advisory lock per domain, taken in order first, does that without a
 * row to insert, lock and write for every domain.
 */
public final class SendCounters {

    private SendCounters() {}

    /**
     * Another claim spent a counter between this claim's reading it and its spending: what this claim's gate
     * allowed would overrun the cap. The claim's transaction rolls back, nothing of it is written, and the
     * claim is tried again.
     */
    public static final class SpentMeanwhile extends RuntimeException {
        SpentMeanwhile(String keys) {
            super("a cap was spent by another claim meanwhile (" + keys + "); the claim is tried again");
        }
    }

    /**
     * Prepares a claim in one statement: first one advisory lock per recipient domain, in order (serialising
     * the claimers of the same domains until the transaction ends), then the counter rows created where
     * missing. Returns what each counter has used, read without a row lock (a row the statement made is
     * read from its insert: the statement does not see its own rows).
     */
    static Uni<Map<String, Integer>> prepare(SqlClient conn, String[] sortedKeys, String[] sortedDomains) {
        return conn.preparedQuery("""
                with domains as (
                    select count(pg_advisory_xact_lock(hashtextextended('domain:' || d, 0))) as locked
                    from (select d from unnest($2::text[]) with ordinality as u(d, n) order by n) ordered),
                made as (
                    insert into send_counter (counter_key)
                    select k from unnest($1::text[]) as k, domains
                    on conflict do nothing
                    returning counter_key, used)
                select counter_key, used from send_counter where counter_key = any($1)
                union all
                select counter_key, used from made""")
                .execute(Tuple.of(sortedKeys, sortedDomains))
                .map(SendCounters::byKey);
    }

    /** The counters as they stand, without locking or creating them. */
    static Uni<Map<String, Integer>> read(SqlClient conn, String[] keys) {
        return conn.preparedQuery("select counter_key, used from send_counter where counter_key = any($1)")
                .execute(Tuple.of((Object) keys))
                .map(SendCounters::byKey);
    }

    private static Map<String, Integer> byKey(RowSet<Row> rows) {
        Map<String, Integer> used = new HashMap<>();
        rows.forEach(row -> used.put(row.getString("counter_key"), row.getInteger("used")));
        return used;
    }

    /**
     * Spends {@code spent[i]} of counter {@code sortedKeys[i]} if it stays within {@code caps[i]}, all or
     * none: the rows are locked in key order (claimers never deadlock) and held until the transaction ends.
     * Fails with {@link SpentMeanwhile} when one would overrun; the caller's transaction then rolls back.
     */
    static Uni<Void> spend(SqlClient conn, String[] sortedKeys, Integer[] spent, Integer[] caps) {
        if (sortedKeys.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                with spending as (
                    select k, n, cap from unnest($1::text[], $2::int[], $3::int[]) as s(k, n, cap)),
                locked as (
                    select c.counter_key, c.used from send_counter c
                    where c.counter_key = any($1) order by c.counter_key for update)
                update send_counter c set used = c.used + s.n, updated_at = now()
                from spending s join locked l on l.counter_key = s.k
                where c.counter_key = s.k and c.used + s.n <= s.cap
                returning c.counter_key""")
                .execute(Tuple.of(sortedKeys, spent, caps))
                .map(rows -> {
                    if (rows.rowCount() != sortedKeys.length) {
                        throw new SpentMeanwhile(String.join(", ", sortedKeys));
                    }
                    return null;
                });
    }

    /** The daily counter a contact spends, e.g. {@code live:email:2026-11-23} (business-zone day). */
    public static String dailyKey(Candidate c, ZoneId businessZone, Instant at) {
        return GateSession.mode(c.dryRun()) + ":" + c.channel().dbValue() + ":"
                + at.atZone(businessZone).toLocalDate();
    }

    static String countryKey(Candidate c, ZoneId businessZone, Instant at) {
        return GateSession.mode(c.dryRun()) + ":call:" + c.country() + ":"
                + at.atZone(businessZone).toLocalDate();
    }

    /** Gives back one contact that never happened (the provider did not take the message). */
    public static Uni<Void> refund(SqlClient conn, String key) {
        return conn.preparedQuery("""
                update send_counter set used = greatest(used - 1, 0), updated_at = now()
                where counter_key = $1""").execute(Tuple.of(key)).replaceWithVoid();
    }
}
