package dev.outreach.optout;

import dev.outreach.common.Cursor;
import dev.outreach.common.Page;
import dev.outreach.common.Sql;
import dev.outreach.common.Text;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Reads of the opt-out list for the API and the console: search by an email or phone fragment. */
@ApplicationScoped
public class OptOutQueries {

    private final Pool pool;

    OptOutQueries(Pool pool) {
        this.pool = pool;
    }

    /** Newest first, keyset-paginated. */
    public Uni<Page<OptOutView>> search(String q, String after, Integer limit) {
        Text.checked("q", q);
        int size = Cursor.limit(limit);
        Long afterId = Cursor.id(after);
        String pattern = Sql.containing(q);
        return pool.preparedQuery("""
                select id, contact_type, contact_value, source, reason, recorded_by, created_at from opt_out
                where contact_value like $1 and id < $2
                order by id desc limit $3""")
                .execute(Tuple.of(pattern, afterId == null ? Long.MAX_VALUE : afterId, size + 1))
                .map(rows -> {
                    List<OptOutView> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new OptOutView(
                            r.getLong("id"),
                            r.getString("contact_type"),
                            r.getString("contact_value"),
                            r.getString("source"),
                            r.getString("reason"),
                            r.getString("recorded_by"),
                            r.getOffsetDateTime("created_at"))));
                    return Page.of(found, size, v -> Cursor.ofId(v.id()));
                });
    }
}
