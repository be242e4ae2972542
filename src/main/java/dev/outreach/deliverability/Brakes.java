package dev.outreach.deliverability;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The one writer of {@code reputation_brake}. A brake is {@link #engage engaged} by the
 * system and {@link #lift lifted} once by an admin with a reason; nothing else changes it (the
 * table's trigger refuses any other change and every delete).
 */
public final class Brakes {

    private Brakes() {}

    /** A brake, engaged or lifted. */
    public record Brake(
            long id,
            String domain,
            String reason,
            Instant engagedAt,
            Instant liftedAt,
            String liftedBy,
            String liftReason) {

        public boolean engaged() {
            return liftedAt == null;
        }
    }

    /** Engages a brake on the domain unless one is engaged already; returns the new one, or null. */
    static Uni<Brake> engage(SqlClient conn, String domain, String reason, Instant at) {
        return conn.preparedQuery("""
                insert into reputation_brake (domain, reason, engaged_at) values ($1, $2, $3)
                on conflict (domain) where lifted_at is null do nothing
                returning *""")
                .execute(Tuple.of(domain, reason, TimeSource.utc(at)))
                .map(rows -> rows.size() == 0 ? null : brake(rows.iterator().next()));
    }

    /** Lifts an engaged brake; returns it, or null when it is not engaged (or does not exist). */
    static Uni<Brake> lift(SqlClient conn, long id, String actor, String reason, Instant at) {
        return conn.preparedQuery("""
                update reputation_brake set lifted_at = $2, lifted_by = $3, lift_reason = $4
                where id = $1 and lifted_at is null
                returning *""")
                .execute(Tuple.of(id, TimeSource.utc(at), actor, reason))
                .map(rows -> rows.size() == 0 ? null : brake(rows.iterator().next()));
    }

    /** Every brake of the domain, newest first. */
    public static Uni<List<Brake>> of(SqlClient conn, String domain) {
        return conn.preparedQuery("select * from reputation_brake where domain = $1 order by engaged_at desc, id desc")
                .execute(Tuple.of(domain))
                .map(rows -> {
                    List<Brake> brakes = new ArrayList<>();
                    rows.forEach(row -> brakes.add(brake(row)));
                    return brakes;
                });
    }

    static Uni<Brake> byId(SqlClient conn, long id) {
        return conn.preparedQuery("select * from reputation_brake where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : brake(rows.iterator().next()));
    }

    private static Brake brake(Row row) {
        OffsetDateTime lifted = row.getOffsetDateTime("lifted_at");
        return new Brake(
                row.getLong("id"),
                row.getString("domain"),
                row.getString("reason"),
                row.getOffsetDateTime("engaged_at").toInstant(),
                lifted == null ? null : lifted.toInstant(),
                row.getString("lifted_by"),
                row.getString("lift_reason"));
    }
}
