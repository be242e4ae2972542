package dev.outreach.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/** Small helpers for the reactive PostgreSQL client. */
public final class Sql {

    private Sql() {
    }

    /** Runs {@code sql} once per row, pipelined in one round trip; nothing when there are no rows. */
    public static Uni<Void> batch(SqlClient client, String sql, List<Tuple> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(sql).executeBatch(rows).replaceWithVoid();
    }
}
