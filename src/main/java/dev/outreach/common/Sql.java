package dev.outreach.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.Locale;

/** Small helpers for the reactive PostgreSQL client. */
public final class Sql {

    private Sql() {}

    /**
     * A LIKE pattern that finds {@code q} anywhere, lower-cased, its {@code %}, {@code _} and backslashes
     * taken literally; {@code %} (everything) when {@code q} is blank.
     */
    public static String containing(String q) {
        if (q == null || q.isBlank()) {
            return "%";
        }
        return "%"
                + q.strip()
                        .toLowerCase(Locale.ROOT)
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_") + "%";
    }

    /** Runs {@code sql} once per row, pipelined in one round trip; nothing when there are no rows. */
    public static Uni<Void> batch(SqlClient client, String sql, List<Tuple> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(sql).executeBatch(rows).replaceWithVoid();
    }
}
